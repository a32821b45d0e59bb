"""Monthly updates not yet given (core.due kind "monthly_update", milestones/due.py)."""

from datetime import date

import pytest

from core import due
from tests import factories
from tests.record_factories import ProgressUpdateFactory

pytestmark = pytest.mark.django_db

AS_AT = date(2019, 7, 10)
JUNE = date(2019, 6, 1)


@pytest.fixture
def workstream(system):
    return factories.WorkstreamFactory(plan=factories.PlanFactory(system=system))


def _milestone(workstream, organisation=None, **fields):
    return factories.MilestoneFactory(
        workstream=workstream, responsible_organisation=organisation, **fields
    )


def test_the_month_just_ended_is_overdue_for_the_responsible_partner_lead(
    system, organisation, lead, office, workstream
):
    trust = organisation
    _milestone(workstream, trust)
    _milestone(workstream, trust)
    given = _milestone(workstream, trust)
    ProgressUpdateFactory(milestone=given, month=JUNE)
    _milestone(workstream, trust, completed_on=date(2019, 5, 20))  # done before June
    _milestone(workstream, trust, withdrawn_on=AS_AT, withdrawal_reason="Merged")
    _milestone(workstream)  # no responsible organisation: the office's

    found = due.due_as_at(AS_AT, system_ids=[system.pk], only=["monthly_update"])

    assert {(item.key, item.due_on, item.user_ids) for item in found} == {
        (f"partners.organisation:{trust.pk}", date(2019, 6, 30), frozenset({lead.pk})),
        (f"partners.system:{system.pk}", date(2019, 6, 30), frozenset({office.pk})),
    }
    by_key = {item.key: item for item in found}
    ours = by_key[f"partners.organisation:{trust.pk}"]
    assert ours.title == f"June 2019 update on 2 milestones ({trust.name})"
    assert ours.state(AS_AT) == due.State.OVERDUE
    assert ours.url.startswith(f"/s/{system.slug}/monthly-update/")
    assert f"organisation={trust.pk}" in ours.url


def test_without_a_partner_lead_the_office_is_asked(system, organisation, office, workstream):
    _milestone(workstream, organisation)

    (found,) = due.due_as_at(AS_AT, system_ids=[system.pk], only=["monthly_update"])

    assert found.user_ids == {office.pk}


def test_the_current_month_is_due_soon_in_its_last_fourteen_days(
    system, organisation, lead, workstream
):
    milestone = _milestone(workstream, organisation)
    ProgressUpdateFactory(milestone=milestone, month=JUNE)

    assert due.due_as_at(AS_AT, system_ids=[system.pk], only=["monthly_update"]) == []
    found = due.due_as_at(date(2019, 7, 17), system_ids=[system.pk], only=["monthly_update"])
    assert [(item.due_on, item.state(date(2019, 7, 17))) for item in found] == [
        (date(2019, 7, 31), due.State.SOON)
    ]


def test_a_fixed_number_of_queries_however_many_milestones(
    system, organisation, lead, workstream, django_assert_num_queries
):
    for _ in range(5):
        _milestone(workstream, organisation)
        _milestone(workstream, factories.PartnershipFactory(system=system).organisation)

    # 1. the role holders of the system, 2. the missing updates of the months asked (June;
    # July's end is not yet within 14 days), counted by organisation
    with django_assert_num_queries(2):
        found = due.due_as_at(AS_AT, system_ids=[system.pk], only=["monthly_update"])
    assert len(found) == 6


def test_the_link_names_the_month_when_the_system_opens_at_its_date(
    system, organisation, lead, workstream
):
    """A system that opens at another date (a demo at its seed paper's) is updated for the
    months around it (milestones.views_monthly), so its reminder's link names the month; one
    that opens today is offered months around today, where June 2019 is not."""
    _milestone(workstream, organisation)
    (today,) = due.due_as_at(AS_AT, system_ids=[system.pk], only=["monthly_update"])
    assert "month=" not in today.url
    system.opens_as_at = AS_AT
    system.save()
    (opened,) = due.due_as_at(AS_AT, system_ids=[system.pk], only=["monthly_update"])
    assert "month=2019-06" in opened.url
