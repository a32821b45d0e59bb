"""The monthly update shows one person's or one workstream's milestones a page at a time, and a
save records that page's rows together: never every milestone of the system at once."""

from datetime import timedelta

import pytest

from core.scoping import scope
from milestones.models import Milestone, ProgressUpdate
from milestones.tests.page_helpers import TODAY, monthly_post, url
from milestones.views_monthly import UPDATE_MAX_ROWS, UPDATE_PAGE_SIZE
from tests import factories

pytestmark = pytest.mark.django_db
MONTH = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)


@pytest.fixture
def many(workstream, organisation, in_scope):
    """More milestones than a page holds, in the workstream, the lead's organisation's."""
    return [
        factories.MilestoneFactory(
            workstream=workstream,
            title=f"Milestone {n:02}",
            baseline_on=TODAY + timedelta(days=30 + n),
            responsible_organisation=organisation,
        )
        for n in range(UPDATE_PAGE_SIZE + 5)
    ]


def _forms(response) -> list[int]:
    return [row.milestone.pk for row in response.context["rows"]]


def _responsible(user, system, milestones):
    person = factories.PersonFactory(system=system, name="Bob Jones", user=user)
    with scope([system]):
        Milestone.objects.filter(pk__in=[m.pk for m in milestones]).update(
            responsible_person=person
        )


def test_a_page_at_a_time_and_never_all(client, office, system, many):
    client.force_login(office)
    first = client.get(url(system, "monthly-update"))
    assert _forms(first) == [m.pk for m in many[:UPDATE_PAGE_SIZE]]
    page = first.content.decode()
    assert page.count('name="milestone"') == UPDATE_PAGE_SIZE
    assert f"Milestones 1 to {UPDATE_PAGE_SIZE} of {len(many)}, page 1 of 2." in page
    assert "Save and show the next page" in page
    second = client.get(url(system, "monthly-update"), {"page": 2})
    assert _forms(second) == [m.pk for m in many[UPDATE_PAGE_SIZE:]]
    assert "Save and show the next page" not in second.content.decode()


def test_a_person_sees_their_own_milestones_first_and_may_show_everyones(
    client, lead, system, many
):
    _responsible(lead, system, many[3:5])
    client.force_login(lead)
    response = client.get(url(system, "monthly-update"))
    assert _forms(response) == [many[3].pk, many[4].pk]
    page = response.content.decode()
    assert "The milestones you are responsible for 1 to 2 of 2." in page
    assert "Show every milestone of your organisation" in page
    everyone = client.get(url(system, "monthly-update"), {"whose": "all"})
    assert len(_forms(everyone)) == UPDATE_PAGE_SIZE


def test_a_link_naming_an_organisation_or_workstream_shows_everyones(
    client, office, system, workstream, organisation, many
):
    _responsible(office, system, many[:1])
    client.force_login(office)
    assert _forms(client.get(url(system, "monthly-update"))) == [many[0].pk]
    for params in ({"organisation": organisation.pk}, {"workstream": workstream.pk}):
        response = client.get(url(system, "monthly-update"), params)
        assert len(_forms(response)) == UPDATE_PAGE_SIZE, params


def test_one_workstreams_milestones(client, office, system, plan, many, partner_milestone):
    other = factories.WorkstreamFactory(plan=plan, code="D", name="Primary care")
    with scope([system]):
        Milestone.objects.filter(pk=partner_milestone.pk).update(workstream=other)
    client.force_login(office)
    response = client.get(url(system, "monthly-update"), {"workstream": other.pk})
    assert _forms(response) == [partner_milestone.pk]
    assert f'<option value="{other.pk}" selected>' in response.content.decode()


def test_saving_a_page_records_its_rows_and_stays_or_moves_on(client, lead, system, many):
    client.force_login(lead)
    row = many[UPDATE_PAGE_SIZE]  # the first of page 2
    address = f"{url(system, 'monthly-update')}?whose=all&page=2"
    data = monthly_post(*many[UPDATE_PAGE_SIZE:], **{f"m{row.pk}": {"narrative": "Agreed."}})
    response = client.post(address, data)
    assert response["Location"] == address
    with scope([system]):
        assert list(ProgressUpdate.objects.values_list("milestone", "month")) == [(row.pk, MONTH)]
    first = many[0]
    data = monthly_post(*many[:UPDATE_PAGE_SIZE], **{f"m{first.pk}": {"narrative": "Begun."}})
    data["then"] = "next"  # "Save and show the next page"
    response = client.post(f"{url(system, 'monthly-update')}?whose=all", data)
    assert response["Location"] == f"{url(system, 'monthly-update')}?whose=all&page=2"
    with scope([system]):
        assert ProgressUpdate.objects.count() == 2


def test_more_rows_than_a_save_takes_are_refused_plainly(client, office, system, workstream):
    client.force_login(office)
    data = {"milestone": list(range(1, UPDATE_MAX_ROWS + 2))}
    response = client.post(url(system, "monthly-update"), data)
    assert response.status_code == 400
    assert f"Save at most {UPDATE_MAX_ROWS} milestones at a time." in response.content.decode()


def test_an_unknown_whose_is_reported_next_to_the_field(client, office, system, many):
    client.force_login(office)
    response = client.get(url(system, "monthly-update"), {"whose": "theirs"})
    assert response.status_code == 200
    assert 'id="id_whose-error"' in response.content.decode()
    assert len(_forms(response)) == UPDATE_PAGE_SIZE


def test_the_read_only_table_is_paged_too(client, chair, system, many):
    client.force_login(chair)
    response = client.get(url(system, "monthly-update"), {"page": 2})
    assert len(response.context["rows"]) == len(many) - UPDATE_PAGE_SIZE
    assert 'name="milestone"' not in response.content.decode()
