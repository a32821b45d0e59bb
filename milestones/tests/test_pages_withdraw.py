"""The pages that withdraw workstreams and milestones, and correct a milestone with a reason."""

from datetime import date

import pytest

from core.scoping import scope
from milestones import services
from milestones.models import Milestone, Workstream
from milestones.tests.form_helpers import error_next_to, milestone_data, url

pytestmark = pytest.mark.django_db


def _get(model, pk, system):
    with scope([system]):
        return model.objects.get(pk=pk)


def test_office_withdraws_a_milestone_with_a_reason(client, office, system, milestone):
    client.force_login(office)
    page = client.get(url(system, "milestone-detail", pk=milestone.pk)).content.decode()
    assert url(system, "milestone-withdraw", pk=milestone.pk) in page
    response = client.post(
        url(system, "milestone-withdraw", pk=milestone.pk), {"reason": "Duplicate"}, follow=True
    )
    assert response.redirect_chain[-1][0] == url(system, "milestone-detail", pk=milestone.pk)
    page = response.content.decode()
    assert "Withdrawn</strong>" in page
    assert "Duplicate" in page
    # Kept as it was: no more changing, withdrawing, re-baselining.
    assert url(system, "milestone-edit", pk=milestone.pk) not in page
    assert url(system, "milestone-withdraw", pk=milestone.pk) not in page
    assert _get(Milestone, milestone.pk, system).withdrawn_on == date.today()


def test_a_withdrawal_without_a_reason_is_refused_next_to_the_reason(
    client, office, system, milestone
):
    client.force_login(office)
    response = client.post(url(system, "milestone-withdraw", pk=milestone.pk), {"reason": " "})
    assert response.status_code == 200
    assert "Say why the milestone is being withdrawn" in error_next_to(
        response.content.decode(), "reason"
    )
    assert _get(Milestone, milestone.pk, system).withdrawn_on is None


def test_a_lead_may_not_withdraw_a_milestone(client, lead, system, milestone):
    client.force_login(lead)
    response = client.post(url(system, "milestone-withdraw", pk=milestone.pk), {"reason": "No"})
    assert response.status_code == 403
    assert _get(Milestone, milestone.pk, system).withdrawn_on is None


def test_the_list_counts_no_withdrawn_milestone_but_lists_it_when_asked(
    client, office, system, milestone, partner_milestone
):
    services.milestone_withdraw(actor=office, milestone=milestone, reason="Duplicate")
    client.force_login(office)
    response = client.get(url(system, "milestone-list"))
    page = response.content.decode()
    assert milestone.title not in page
    assert partner_milestone.title in page
    assert [count for _, count in response.context["counts"]] == [0, 1, 0, 0]
    for choice in ("include", "only"):
        response = client.get(url(system, "milestone-list"), {"withdrawn": choice})
        page = response.content.decode()
        assert milestone.title in page
        assert (partner_milestone.title in page) == (choice == "include")
        assert sum(count for _, count in response.context["counts"]) == (choice == "include")
        assert "Withdrawn</strong>" in page


def test_the_monthly_update_offers_no_withdrawn_milestone(client, office, system, milestone):
    services.milestone_withdraw(actor=office, milestone=milestone, reason="Duplicate")
    client.force_login(office)
    page = client.get(url(system, "monthly-update")).content.decode()
    assert milestone.title not in page


def test_office_withdraws_a_workstream_kept_with_its_milestones(
    client, office, system, workstream, milestone
):
    client.force_login(office)
    response = client.post(
        url(system, "workstream-withdraw", pk=workstream.pk),
        {"reason": "Merged with D"},
        follow=True,
    )
    page = response.content.decode()
    assert "Merged with D" in page
    assert milestone.title in page  # still listed on its page
    assert "Not counted" in page
    assert sum(count for _, count in response.context["counts"]) == 0
    assert _get(Workstream, workstream.pk, system).is_withdrawn
    listing = client.get(url(system, "workstream-list")).content.decode()
    assert workstream.name not in listing
    listing = client.get(url(system, "workstream-list"), {"withdrawn": "only"}).content.decode()
    assert workstream.name in listing
    # Not offered for a new milestone.
    form = client.get(url(system, "milestone-create")).content.decode()
    assert workstream.name not in form


def test_a_workstream_withdrawal_without_a_reason_changes_nothing(
    client, office, system, workstream
):
    client.force_login(office)
    response = client.post(url(system, "workstream-withdraw", pk=workstream.pk), {"reason": ""})
    assert "Say why the workstream" in error_next_to(response.content.decode(), "reason")
    assert not _get(Workstream, workstream.pk, system).is_withdrawn


def test_a_milestone_correction_records_its_reason(client, office, system, milestone, workstream):
    client.force_login(office)
    data = milestone_data(workstream, title="SDEC 12/7", reason="Shorter title")
    del data["baseline_on"]
    response = client.post(url(system, "milestone-edit", pk=milestone.pk), data, follow=True)
    assert response.redirect_chain[-1][0] == url(system, "milestone-detail", pk=milestone.pk)
    assert "Shorter title" in response.content.decode()  # in the history
    with scope([system]):
        assert milestone.history.first().history_change_reason == "Shorter title"


def test_a_withdrawn_milestone_has_no_edit_form(client, office, system, milestone, workstream):
    services.milestone_withdraw(actor=office, milestone=milestone, reason="Duplicate")
    client.force_login(office)
    data = milestone_data(workstream, title="Renamed")
    del data["baseline_on"]
    response = client.post(url(system, "milestone-edit", pk=milestone.pk), data)
    assert response.status_code == 302
    assert _get(Milestone, milestone.pk, system).title == milestone.title
