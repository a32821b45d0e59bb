"""The register of interests and its forms: what the register shows as at its date, its
filters, the programme office's add / correct / review / withdraw pages, their errors next to
the field with nothing saved, and a fixed number of queries however many interests."""

from datetime import date

import pytest
from django.urls import reverse

from core.scoping import scope
from governance.models import Interest
from governance.tests.form_helpers import error_next_to
from governance.tests.test_forms_saving import history_total
from tests import factories
from tests.meeting_factories import InterestFactory

pytestmark = pytest.mark.django_db


def _url(system, name="interest-list", *args):
    return reverse(f"governance:{name}", args=[system.slug, *args])


@pytest.fixture
def ann(system):
    with scope([system]):
        return factories.PersonFactory(system=system, name="Ann Able")


def test_the_register_says_none_are_recorded(client, office, system):
    client.force_login(office)
    html = client.get(_url(system)).content.decode()
    assert f"No interests are recorded for {system.name}." in html


def test_review_due_is_flagged_as_at_the_pages_date_and_filtered(client, office, system, ann):
    with scope([system]):
        InterestFactory(person=ann, organisation_name="Old Co", declared_on=date(2018, 1, 15))
        InterestFactory(person=ann, organisation_name="New Co", declared_on=date(2019, 3, 1))
    client.force_login(office)
    early = client.get(_url(system), {"as_at": "2018-06-01"}).content.decode()
    assert "Review due</strong>" not in early
    late = client.get(_url(system), {"as_at": "2019-06-01"}).content.decode()
    assert late.count("Review due</strong>") == 1
    due = client.get(_url(system), {"as_at": "2019-06-01", "due": "yes"}).content.decode()
    assert "Old Co" in due and "New Co" not in due


def test_the_register_filters_by_person_and_kind(client, office, system, ann):
    with scope([system]):
        ben = factories.PersonFactory(system=system, name="Ben Baker")
        InterestFactory(person=ann, organisation_name="Ann Co", kind="financial")
        InterestFactory(person=ben, organisation_name="Ben Co", kind="personal")
    client.force_login(office)
    by_person = client.get(_url(system), {"person": ben.pk}).content.decode()
    assert "Ben Co" in by_person and "Ann Co" not in by_person
    by_kind = client.get(_url(system), {"kind": "financial"}).content.decode()
    assert "Ann Co" in by_kind and "Ben Co" not in by_kind


def test_the_office_adds_an_interest(client, office, system, ann):
    client.force_login(office)
    response = client.post(
        _url(system, "interest-create"),
        {
            "person": ann.pk,
            "kind": "financial",
            "organisation_name": "Example Healthcare Ltd",
            "description": "Shareholder",
            "declared_on": "2019-04-01",
        },
    )
    assert response.status_code == 302
    with scope([system]):
        interest = Interest.objects.get(organisation_name="Example Healthcare Ltd")
        assert interest.history.first().history_user == office


def test_an_interest_ending_before_it_starts_is_refused_next_to_the_field(
    client, office, system, ann
):
    client.force_login(office)
    before = history_total()
    response = client.post(
        _url(system, "interest-create"),
        {
            "person": ann.pk,
            "kind": "financial",
            "organisation_name": "Example Healthcare Ltd",
            "description": "Shareholder",
            "declared_on": "2019-04-01",
            "held_from": "2019-01-01",
            "held_to": "2018-01-01",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert error_next_to(html, "held_to") == "An interest cannot end before it starts."
    assert history_total() == before


def test_another_systems_person_is_refused(client, office, system, other_system):
    with scope([other_system]):
        stranger = factories.PersonFactory(system=other_system, name="Bravo Person")
    client.force_login(office)
    before = history_total()
    response = client.post(
        _url(system, "interest-create"),
        {
            "person": stranger.pk,
            "kind": "financial",
            "organisation_name": "Example Healthcare Ltd",
            "description": "Shareholder",
            "declared_on": "2019-04-01",
        },
    )
    assert response.status_code == 200
    assert error_next_to(response.content.decode(), "person").startswith(
        "Choose one of the options offered"
    )
    assert history_total() == before


def test_correct_review_and_withdraw_keep_the_interest_with_its_history(
    client, office, system, ann
):
    with scope([system]):
        interest = InterestFactory(person=ann, organisation_name="Old Co")
    client.force_login(office)
    edit = client.get(_url(system, "interest-edit", interest.pk))
    assert edit.status_code == 200
    # Never reviewed reads as the register says it, not as a missing record.
    assert "Not yet" in client.get(_url(system, "interest-review", interest.pk)).content.decode()
    review = client.post(
        _url(system, "interest-review", interest.pk), {"reviewed_on": "2017-01-01"}
    )
    assert error_next_to(review.content.decode(), "reviewed_on") == (
        "The review cannot be before the interest was declared."
    )
    client.post(_url(system, "interest-review", interest.pk), {"reviewed_on": "2019-01-10"})
    refused = client.post(_url(system, "interest-withdraw", interest.pk), {"reason": ""})
    assert error_next_to(refused.content.decode(), "reason")
    client.post(_url(system, "interest-withdraw", interest.pk), {"reason": "No longer held"})
    with scope([system]):
        interest.refresh_from_db()
        assert interest.reviewed_on == date(2019, 1, 10)
        assert interest.withdrawn_reason == "No longer held"
        assert interest.history.count() == 3
    html = client.get(_url(system)).content.decode()
    assert "Withdrawn</strong>" in html and "No longer held" in html


@pytest.mark.parametrize("rows", [2, 30])
def test_the_register_queries_do_not_grow(
    client, office, system, organisation, rows, django_assert_num_queries
):
    with scope([system]):
        for n in range(rows):
            person = factories.PersonFactory(
                system=system, organisation=organisation, name=f"Person {n}"
            )
            InterestFactory(person=person)
    client.force_login(office)
    # session, user, accesses, system, page count, interests (with person and organisation),
    # people for the filter, header's systems; the first visit's session save (savepoint,
    # update, release).
    with django_assert_num_queries(11):
        response = client.get(_url(system), {"due": "yes"})
    assert response.status_code == 200


def test_the_register_gives_the_offices_links_a_column_of_their_own(
    client, office, regulator, system, ann
):
    # Correct, record review and withdraw sit in their own column, one a line, not run into the
    # interest's nature; those who cannot change the register have no such column.
    with scope([system]):
        InterestFactory(person=ann, organisation_name="Ann Co", description="Shareholder")
    client.force_login(office)
    html = client.get(_url(system)).content.decode()
    assert '<th scope="col" class="nhsuk-table__header">Change</th>' in html
    nature = html.split("Shareholder", 1)[1].split("</td>", 1)[0]
    assert "Correct" not in nature
    client.force_login(regulator)
    html = client.get(_url(system)).content.decode()
    assert "Shareholder" in html and ">Change</th>" not in html and "Record review" not in html
