"""Every write is in django-simple-history with the acting user: from services, the admin,
management commands and Celery tasks alike."""

from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from core.audit import SYSTEM_ACTOR_USERNAME
from core.history import history_rows
from governance import services as governance_services
from governance.models import Agreement, Party
from governance.tasks import mark_meetings_held
from partners import services as partner_services
from partners.models import Organisation, Person
from tests import factories

pytestmark = pytest.mark.django_db


def test_service_create_and_update_record_the_actor_field_by_field(office, system, in_scope):
    person = partner_services.person_create(actor=office, system=system, name="Sam Example")
    partner_services.person_update(actor=office, person=person, title="Chief Executive")
    latest, first = person.history.all()[:2]
    assert (first.history_type, first.history_user) == ("+", office)
    assert (latest.history_type, latest.history_user) == ("~", office)
    delta = latest.diff_against(first)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("title", "", "Chief Executive")]


def test_update_with_no_change_writes_no_history(office, system, in_scope):
    person = partner_services.person_create(actor=office, system=system, name="Sam Example")
    partner_services.person_update(actor=office, person=person, name="Sam Example")
    assert person.history.count() == 1


def test_invalid_write_saves_nothing(office, system, in_scope):
    with pytest.raises(ValidationError) as error:
        partner_services.organisation_create(
            actor=office, name="Bad Code Trust", short_name="BCT", kind="nhs_trust", ods_code="R!"
        )
    assert "ods_code" in error.value.message_dict
    assert not Organisation.objects.filter(name="Bad Code Trust").exists()
    assert Organisation.history.filter(name="Bad Code Trust").count() == 0


def test_withdrawal_notice_is_recorded_against_its_author(office, system, organisation, in_scope):
    agreement = factories.AgreementFactory(system=system, withdrawal_notice_days=30)
    party = governance_services.party_add(
        actor=office, agreement=agreement, organisation=organisation
    )
    governance_services.party_give_withdrawal_notice(
        actor=office, party=party, given_on=date(2017, 9, 1)
    )
    assert party.history.first().history_user == office
    assert Party.objects.get(pk=party.pk).withdrawal_effective_on == date(2017, 10, 1)


def test_admin_change_records_the_signed_in_user(client, system, in_scope):
    staff = factories.UserFactory(is_staff=True, is_superuser=True)
    agreement = factories.AgreementFactory(system=system, title="Old title")
    client.force_login(staff)
    response = client.post(
        f"/admin/governance/agreement/{agreement.pk}/change/",
        {
            "title": "New title",
            "kind": "mou",
            "status": "in_effect",
            "system": system.pk,
            "binding_clauses": "[]",
            "dispute_resolution": "[]",
            **{
                f"{prefix}-{field}": value
                for prefix in ("versions", "parties", "commitments")
                for field, value in (
                    ("TOTAL_FORMS", 0),
                    ("INITIAL_FORMS", 0),
                    ("MIN_NUM_FORMS", 0),
                    ("MAX_NUM_FORMS", 1000),
                )
            },
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = Agreement.history.filter(id=agreement.pk).first()
    assert (record.title, record.history_user) == ("New title", staff)


def test_management_command_writes_are_recorded_against_the_system_actor(db):
    call_command("load_demo", stdout=StringIO())
    users = {record.history_user.username for record in Person.history.all()}
    assert users == {SYSTEM_ACTOR_USERNAME}


def test_celery_task_writes_are_recorded_against_the_system_actor(office, system, in_scope):
    committee = factories.CommitteeFactory(system=system)
    past = factories.MeetingFactory(
        committee=committee, held_on=date(2018, 2, 1), status="scheduled"
    )
    factories.AttendanceFactory(meeting=past, person=factories.PersonFactory(system=system))
    future = factories.MeetingFactory(
        committee=committee, held_on=date(2099, 1, 1), status="scheduled"
    )

    assert mark_meetings_held.delay().get() == 1

    past.refresh_from_db()
    future.refresh_from_db()
    assert (past.status, future.status) == ("held", "scheduled")
    assert past.history.first().history_user.username == SYSTEM_ACTOR_USERNAME


def test_history_shows_names_labels_and_dates_not_ids(client, office, system, in_scope):
    """A change of a related record shows the record's name, a choice its label, a date
    written out and a yes/no as such (the API's history keeps the stored values)."""
    from milestones import services as milestone_services

    organisation = factories.OrganisationFactory(name="North Cumbria CCG")
    factories.PartnershipFactory(system=system, organisation=organisation)
    workstream = factories.WorkstreamFactory(plan=factories.PlanFactory(system=system))
    milestone = factories.MilestoneFactory(workstream=workstream)
    milestone_services.milestone_update(
        actor=office,
        milestone=milestone,
        responsible_organisation=organisation,
        forecast_on=date(2019, 7, 31),
        is_key=True,
    )
    milestone_services.workstream_update(
        actor=office, workstream=workstream, objective_kind="activity_shift"
    )
    changes = {c.field: (c.old_shown, c.new_shown) for c in history_rows(milestone)[0].changes}
    assert changes == {
        "Responsible organisation": ("", "North Cumbria CCG"),
        "Forecast date": ("", "31 Jul 2019"),
        "Key milestone": ("No", "Yes"),
    }
    (kind,) = history_rows(workstream)[0].changes
    assert (kind.field, kind.new, kind.new_shown) == (
        "Objective kind",
        "activity_shift",
        "Activity shift",
    )

    client.force_login(office)
    page = client.get(f"/s/{system.slug}/milestones/{milestone.pk}/").content.decode()
    assert "<ins>North Cumbria CCG</ins>" in page
    assert f"<ins>{organisation.pk}</ins>" not in page


def test_a_reason_longer_than_the_history_column_is_cut_there_and_kept_whole_on_the_record(
    office, system, in_scope
):
    """The history's reason column holds 100 characters (PostgreSQL refuses more): a longer
    reason, such as a withdrawal's, is cut there with an ellipsis by core.audit."""
    from escalation import services as escalation_services

    route = factories.EscalationRouteFactory(system=system)
    reason = "The partners agreed to replace this route with the revised MoU's clause. " * 3
    escalation_services.route_withdraw(actor=office, route=route, reason=reason)
    route.refresh_from_db()
    recorded = route.history.first().history_change_reason
    assert len(recorded) == 100 and recorded.endswith("\u2026")
    assert reason.startswith(recorded[:-1])
    assert route.withdrawal_reason == reason.strip()
