"""An edit made on a stale form is refused: the page says who changed the record and when since
it was opened, with their values, and saves nothing; saving again then replaces theirs.
Every edit page of the product is covered (core.stale)."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.audit import update_tracked
from core.roles import Role
from core.scoping import unscoped
from partners.models import Access
from reports.models import ReportStatus
from reports.tests.conftest import make_report  # noqa: F401 (a fixture)
from tests import factories
from tests.form_html import form_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def dana(system):
    """A second programme office, who edits the same record in between."""
    user = get_user_model().objects.create_user(
        username="dana", first_name="Dana", last_name="Other"
    )
    Access.objects.create(user=user, system=system, role=Role.PROGRAMME_OFFICE)
    return user


@pytest.fixture
def records(system, organisation):
    person = factories.PersonFactory(system=system, organisation=organisation)
    agreement = factories.AgreementFactory(system=system)
    workstream = factories.WorkstreamFactory(plan=factories.PlanFactory(system=system))
    return {
        "organisation": organisation,
        "person": person,
        "committee": factories.CommitteeFactory(system=system),
        "agreement": agreement,
        "party": factories.PartyFactory(
            agreement=agreement,
            organisation=organisation,
            signatory=person,
            signed_on=date(2017, 4, 1),
        ),
        "workstream": workstream,
        "milestone": factories.MilestoneFactory(workstream=workstream),
        "route": factories.EscalationRouteFactory(system=system),
        "step": factories.EscalationStepFactory(route__system=system),
    }


# (URL name, record, a field the form shows, their value, how the page shows it, my value)
EDITS = [
    ("partners:organisation-edit", "organisation", "name", "Their Trust", "Their Trust", "Mine"),
    ("partners:person-edit", "person", "title", "Their title", "Their title", "Mine"),
    ("governance:committee-edit", "committee", "name", "Their board", "Their board", "Mine"),
    ("governance:agreement-edit", "agreement", "title", "Their MoU", "Their MoU", "Mine"),
    ("governance:party-sign", "party", "signed_on", date(2018, 3, 1), "1 March 2018", None),
    ("milestones:workstream-edit", "workstream", "name", "Their stream", "Their stream", "Mine"),
    ("milestones:milestone-edit", "milestone", "title", "Their step", "Their step", "Mine"),
    ("escalation:route-edit", "route", "clause", "Their clause", "Their clause", "Mine"),
    ("escalation:step-edit", "step", "escalate_to_role", "Their role", "Their role", "Mine"),
]


def _open(client, system, name, record):
    page = client.get(reverse(name, args=[system.slug, record.pk]))
    assert page.status_code == 200
    return form_with(page, "opened_version")


@pytest.mark.parametrize(("name", "key", "field", "theirs", "shown", "mine"), EDITS)
def test_a_stale_edit_is_refused_with_who_when_and_their_values(
    client, system, office, dana, records, name, key, field, theirs, shown, mine
):
    record = records[key]
    client.force_login(office)
    data = _open(client, system, name, record)
    if mine is not None:
        data[field] = mine
    with unscoped():
        update_tracked(record, actor=dana, **{field: theirs})

    refused = client.post(reverse(name, args=[system.slug, record.pk]), data)

    assert refused.status_code in (200, 400)
    page = refused.content.decode()
    assert "This record was changed by Dana Other on " in page
    assert "since you opened it" in page
    assert shown in page
    with unscoped():
        record.refresh_from_db()
    assert getattr(record, field) == theirs  # nothing of theirs was overwritten

    # The form is re-armed at their version: saving again replaces theirs, knowingly.
    again = form_with(refused, "opened_version")
    assert again["opened_version"] != data["opened_version"]
    saved = client.post(reverse(name, args=[system.slug, record.pk]), again)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    if mine is not None:
        with unscoped():
            record.refresh_from_db()
        assert getattr(record, field) == mine


@pytest.mark.parametrize(("name", "key", "field", "theirs", "shown", "mine"), EDITS)
def test_an_edit_on_a_current_form_is_saved(
    client, system, office, records, name, key, field, theirs, shown, mine
):
    record = records[key]
    client.force_login(office)
    data = _open(client, system, name, record)
    response = client.post(reverse(name, args=[system.slug, record.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_a_change_to_details_the_form_does_not_show_does_not_refuse_the_edit(
    client, system, office, dana, records
):
    milestone = records["milestone"]
    client.force_login(office)
    data = _open(client, system, "milestones:milestone-edit", milestone)
    data["title"] = "Mine"
    with unscoped():
        # The baseline is not on the edit form (re-baselining is its own page).
        update_tracked(milestone, actor=dana, baseline_on=date(2020, 6, 30))
    response = client.post(
        reverse("milestones:milestone-edit", args=[system.slug, milestone.pk]), data
    )
    assert response.status_code == 302
    with unscoped():
        milestone.refresh_from_db()
    assert (milestone.title, milestone.baseline_on) == ("Mine", date(2020, 6, 30))


@pytest.mark.parametrize("tampered", ["1;DROP", "1" * 5000])
def test_a_tampered_version_is_refused(client, system, office, records, tampered):
    """Not a version (a number too long for any id among them): refused, never a 500."""
    person = records["person"]
    client.force_login(office)
    data = _open(client, system, "partners:person-edit", person)
    data.update(opened_version=tampered, title="Mine")
    response = client.post(reverse("partners:person-edit", args=[system.slug, person.pk]), data)
    assert "could not be checked against the saved record" in response.content.decode()
    with unscoped():
        person.refresh_from_db()
    assert person.title != "Mine"


def test_a_post_without_a_version_is_served_unchecked(client, system, office, dana, records):
    """Scripts and older tests post the fields alone: as before, the last write wins."""
    person = records["person"]
    client.force_login(office)
    data = _open(client, system, "partners:person-edit", person)
    del data["opened_version"]
    data["title"] = "Mine"
    with unscoped():
        update_tracked(person, actor=dana, title="Theirs")
    response = client.post(reverse("partners:person-edit", args=[system.slug, person.pk]), data)
    assert response.status_code == 302


def test_the_chairs_stale_commentary_is_refused_with_the_words_kept(
    client,
    system,
    chair,
    make_report,  # noqa: F811
):
    report = make_report(system, ReportStatus.DRAFT)
    url = reverse("reports:report-detail", args=[system.slug, report.pk])
    client.force_login(chair)
    data = {**form_with(client.get(url), "opened_version"), "commentary": "My words", "save": ""}
    colleague = get_user_model().objects.create_user(username="vice", first_name="Vic")
    with unscoped():
        update_tracked(report, actor=colleague, commentary="Their words")

    refused = client.post(url, data)

    page = refused.content.decode()
    assert "This record was changed by Vic on " in page and "Their words" in page
    assert "My words" in page  # still in the form, to save again
    with unscoped():
        report.refresh_from_db()
    assert report.commentary == "Their words"
    assert client.post(url, form_with(refused, "opened_version")).status_code == 302
    with unscoped():
        report.refresh_from_db()
    assert report.commentary == "My words"
