"""My tasks: each person's own deadlines across their systems, never another system's or
another person's, at a fixed number of queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.roles import Role
from tests import factories
from tests.record_factories import AccessFactory, ActionFactory

pytestmark = pytest.mark.django_db

URL = reverse("reminders:my-tasks")
AS_AT = "2019-07-10"


def _action(user, system, due_on, description="Circulate the minutes"):
    meeting = factories.MeetingFactory(committee=factories.CommitteeFactory(system=system))
    person = factories.PersonFactory(system=system, user=user)
    return ActionFactory(meeting=meeting, owner=person, due_on=due_on, description=description)


def test_the_signed_out_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_my_tasks_soonest_first_with_their_state_system_and_link(client, system, lead):
    late = _action(lead, system, date(2019, 7, 1), "Send the revised timetable")
    soon = _action(lead, system, date(2019, 7, 20), "Book the workshop")
    client.force_login(lead)

    page = client.get(URL, {"as_at": AS_AT}).content.decode()

    assert page.index("Send the revised timetable") < page.index("Book the workshop")
    assert '<strong class="nhsuk-tag nhsuk-tag--red">Overdue</strong>' in page
    assert '<strong class="nhsuk-tag nhsuk-tag--yellow">Due soon</strong>' in page
    assert f'href="/s/{system.slug}/meetings/{late.meeting_id}/"' in page
    assert f'href="/s/{system.slug}/meetings/{soon.meeting_id}/"' in page
    assert system.short_name in page
    assert "As at" in page  # the banner: not today's date


def test_one_systems_user_never_sees_anothers_tasks(client, system, other_system, lead, outsider):
    _action(lead, system, date(2019, 7, 1), "Alpha's own action")
    # The same person record pattern in the other system, for its own user.
    _action(outsider, other_system, date(2019, 7, 1), "Beta's own action")
    # An action of the lead's in a system the lead cannot see is not theirs to be shown.
    _action(lead, other_system, date(2019, 7, 1), "Hidden from the lead")
    client.force_login(lead)

    page = client.get(URL, {"as_at": AS_AT}).content.decode()

    assert "Alpha&#x27;s own action" in page
    assert "Beta&#x27;s own action" not in page
    assert "Hidden from the lead" not in page
    assert client.get(URL, {"system": other_system.slug}).status_code == 400


def test_filtered_by_system_and_kind(client, system, other_system, lead):
    AccessFactory(user=lead, system=other_system, role=Role.CHAIR)
    _action(lead, system, date(2019, 7, 1), "In Alpha")
    _action(lead, other_system, date(2019, 7, 1), "In Beta")
    client.force_login(lead)

    page = client.get(URL, {"as_at": AS_AT, "system": other_system.slug}).content.decode()
    assert "In Beta" in page and "In Alpha" not in page

    page = client.get(URL, {"as_at": AS_AT, "kind": "signature"}).content.decode()
    assert "Nothing is yours to do that matches" in page


def test_nothing_to_do_says_so(client, lead):
    client.force_login(lead)
    page = client.get(URL).content.decode()
    assert "Nothing is yours to do" in page


def test_downloads_hold_the_same_tasks(client, system, lead):
    _action(lead, system, date(2019, 7, 1), "Send the revised timetable")
    client.force_login(lead)

    response = client.get(URL, {"as_at": AS_AT, "format": "csv"})

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response["Content-Disposition"].startswith('attachment; filename="all-systems-my-tasks')
    assert "Send the revised timetable" in text
    assert "Overdue" in text
    assert "http://testserver/s/alpha/meetings/" in text
    assert client.get(URL, {"as_at": AS_AT, "format": "xlsx"}).status_code == 200


def test_a_fixed_number_of_queries_however_many_tasks(client, system, lead):
    """The session, the user and their accesses, then each kind's two (its rows, the people
    holding the roles it asks): none per task."""
    client.force_login(lead)
    _action(lead, system, date(2019, 7, 1))
    client.get(URL, {"as_at": AS_AT})  # warm: the session and the user

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(URL, {"as_at": AS_AT})
        return len(queries.captured_queries)

    few = count()
    for n in range(5):
        _action(lead, system, date(2019, 7, n + 1))
    assert count() == few


def test_the_dashboard_counts_my_tasks_in_its_system_and_links_here(client, system, lead):
    _action(lead, system, date(2019, 7, 1))
    _action(lead, system, date(2019, 7, 12))
    _action(factories.UserFactory(), system, date(2019, 7, 1))  # someone else's
    client.force_login(lead)

    page = client.get(reverse("reports:dashboard", args=[system.slug]), {"as_at": AS_AT})

    text = page.content.decode()
    assert "You have 2 tasks overdue or due soon in Alpha" in text
    assert f'href="{URL}?system={system.slug}&amp;as_at={AS_AT}"' in text


def test_without_a_date_each_system_is_judged_as_at_its_own_date_as_its_dashboard_counts(
    client, system, other_system, lead
):
    """Two systems opening at different dates (as the demo's seed systems do): the unfiltered
    list judges each task by its own system's date, so it agrees with each dashboard's count."""
    system.opens_as_at = date(2019, 7, 10)
    system.save()
    other_system.opens_as_at = date(2017, 4, 5)
    other_system.save()
    AccessFactory(user=lead, system=other_system, role=Role.CHAIR)
    _action(lead, system, date(2019, 7, 1), "Alpha's late action")
    _action(lead, other_system, date(2017, 4, 12), "Beta's action due soon")
    # Far in the past for Alpha's date, not yet due at Beta's: listed for neither.
    _action(lead, other_system, date(2018, 1, 1), "Beta's action not yet due")
    client.force_login(lead)

    page = client.get(URL).content.decode()

    assert "Alpha&#x27;s late action" in page
    assert "Beta&#x27;s action due soon" in page
    assert "Beta&#x27;s action not yet due" not in page
    assert '<strong class="nhsuk-tag nhsuk-tag--red">Overdue</strong>' in page
    assert '<strong class="nhsuk-tag nhsuk-tag--yellow">Due soon</strong>' in page
    assert "each system as at its own reporting date" in page
    for each in (system, other_system):
        dashboard = client.get(reverse("reports:dashboard", args=[each.slug])).content.decode()
        assert f"You have 1 task overdue or due soon in {each.short_name}" in dashboard
