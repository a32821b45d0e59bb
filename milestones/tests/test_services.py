from datetime import date

import pytest
from django.core.exceptions import ValidationError

from milestones import services
from milestones.models import Milestone
from milestones.rag import Rag
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def workstream(system):
    plan = factories.PlanFactory(system=system, amber_tolerance_days=30)
    return factories.WorkstreamFactory(plan=plan, code="C", name="Urgent and emergency care")


@pytest.fixture
def sdec(workstream, office, in_scope):
    # 002: Same Day Emergency Care 12 hours a day, 7 days a week, by 31 March 2020.
    return services.milestone_create(
        actor=office,
        workstream=workstream,
        title="Same Day Emergency Care 12 hours a day, 7 days a week",
        baseline_on=date(2020, 3, 31),
        is_key=True,
    )


def test_rebaselining_keeps_every_earlier_baseline(sdec, office, chair):
    services.milestone_rebaseline(
        actor=office, milestone=sdec, baseline_on=date(2020, 6, 30), reason="Workforce gaps"
    )
    services.milestone_rebaseline(
        actor=chair, milestone=sdec, baseline_on=date(2020, 9, 30), reason="COVID-19"
    )
    rows = [(b.baseline_on, b.set_by, b.reason) for b in sdec.baselines.order_by("set_at")]
    assert rows == [
        (date(2020, 3, 31), office, "First baseline"),
        (date(2020, 6, 30), office, "Workforce gaps"),
        (date(2020, 9, 30), chair, "COVID-19"),
    ]
    sdec = Milestone.objects.get(pk=sdec.pk)
    assert sdec.baseline_on == date(2020, 9, 30)
    assert sdec.first_baseline_on == date(2020, 3, 31)
    # As at a day before the current baseline (after it, an open milestone with no forecast is
    # late by the days since its baseline).
    assert sdec.slippage_on(date(2020, 9, 1)) == 183


def test_rebaselining_needs_a_reason(sdec, office):
    with pytest.raises(ValidationError) as error:
        services.milestone_rebaseline(
            actor=office, milestone=sdec, baseline_on=date(2020, 6, 30), reason="  "
        )
    assert "reason" in error.value.message_dict
    assert sdec.baselines.count() == 1


def test_a_milestone_cannot_depend_on_itself(sdec, office):
    with pytest.raises(ValidationError):
        services.dependency_add(actor=office, milestone=sdec, depends_on=sdec)


def test_a_dependency_chain_cannot_lead_back(workstream, office, in_scope):
    a, b, c = (
        services.milestone_create(
            actor=office, workstream=workstream, title=t, baseline_on=date(2019, 9, 30)
        )
        for t in ("PCN plans", "PCNs established", "PCN services live")
    )
    services.dependency_add(actor=office, milestone=b, depends_on=a)
    services.dependency_add(actor=office, milestone=c, depends_on=b)
    with pytest.raises(ValidationError) as error:
        services.dependency_add(actor=office, milestone=a, depends_on=c)
    assert "depends_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.dependency_add(actor=office, milestone=a, depends_on=b)
    services.dependency_add(actor=office, milestone=c, depends_on=a)  # not a cycle


def test_monthly_update_moves_the_forecast_and_keeps_the_rag_of_the_time(sdec, lead):
    update = services.progress_update_record(
        actor=lead,
        milestone=sdec,
        month=date(2020, 1, 15),
        narrative="Rota gaps in the evenings",
        forecast_on=date(2020, 4, 15),
        today=date(2020, 1, 20),
    )
    assert (update.month, update.rag, update.forecast_on) == (
        date(2020, 1, 1),
        Rag.AMBER,
        date(2020, 4, 15),
    )
    assert sdec.rag_on(date(2020, 1, 20)) is Rag.AMBER
    again = services.progress_update_record(
        actor=lead,
        milestone=sdec,
        month=date(2020, 1, 1),
        narrative="Now beyond tolerance",
        forecast_on=date(2020, 6, 1),
        today=date(2020, 1, 25),
    )
    assert again.pk == update.pk
    assert again.rag == Rag.RED
    assert sdec.history.first().history_user == lead


def test_completion_is_not_in_the_future(sdec, lead):
    with pytest.raises(ValidationError):
        services.progress_update_record(
            actor=lead,
            milestone=sdec,
            month=date(2020, 1, 1),
            narrative="Done",
            completed_on=date(2020, 2, 1),
            today=date(2020, 1, 20),
        )
