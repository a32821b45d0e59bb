"""A risk's life through the services: added, corrected, reviewed, closed, withdrawn, reopened;
each write in the history with who and why, and a refused one writing nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from escalation import services
from escalation.models import Risk, RiskWorkstream
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def risk(system, office, in_scope):
    return services.risk_create(
        actor=office,
        system=system,
        reference="R1",
        title="Workforce supply",
        category="workforce",
        likelihood=4,
        impact=4,
    )


def test_a_risk_is_added_as_its_register_rates_it(system, office, in_scope):
    graded = services.risk_create(
        actor=office, system=system, reference="R2", title="Estates", category="", grade="H"
    )
    assert (graded.reference, graded.rating_label, graded.score) == ("R2", "H", None)
    assert graded.history.get().history_user == office


@pytest.mark.parametrize(
    ("rating", "field"),
    [
        ({"grade": "H", "likelihood": 3, "impact": 3}, "grade"),
        ({"likelihood": 3}, "impact"),
        ({"impact": 3}, "likelihood"),
    ],
)
def test_a_rating_is_a_grade_or_a_whole_score(system, office, in_scope, rating, field):
    with pytest.raises(ValidationError) as refused:
        services.risk_create(
            actor=office, system=system, reference="R2", title="x", category="", **rating
        )
    assert field in refused.value.message_dict
    assert not Risk.objects.filter(reference="R2").exists()


def test_a_reference_is_used_once_in_a_system(risk, system, office):
    with pytest.raises(ValidationError, match="already has a risk with this reference"):
        services.risk_create(actor=office, system=system, reference="R1", title="x", category="")


def test_a_workstream_of_another_system_is_refused_and_nothing_is_saved(
    system, other_system, office, in_scope
):
    elsewhere = factories.WorkstreamFactory(plan__system=other_system)
    with pytest.raises(ValidationError, match="workstreams in this system"):
        services.risk_create(
            actor=office,
            system=system,
            reference="R5",
            title="x",
            category="",
            workstreams=[elsewhere],
        )
    assert not Risk.objects.filter(reference="R5").exists()


def test_a_correction_keeps_the_old_values_and_the_reason(risk, office):
    services.risk_update(actor=office, risk=risk, title="Workforce gaps", reason="Typo")
    latest = risk.history.first()
    assert latest.history_change_reason == "Typo"
    assert latest.prev_record.title == "Workforce supply"
    assert Risk.objects.get(pk=risk.pk).title == "Workforce gaps"


def test_text_sent_back_without_its_spaces_is_no_correction(risk, office):
    services.risk_update(actor=office, risk=risk, source="Board paper, p. 4 ")
    services.risk_update(actor=office, risk=risk, source="Board paper, p. 4", title="Workforce")
    assert Risk.objects.get(pk=risk.pk).source == "Board paper, p. 4 "
    assert risk.history.count() == 3


def test_a_correction_cannot_change_the_status(risk, office):
    with pytest.raises(TypeError, match="status"):
        services.risk_update(actor=office, risk=risk, status=Risk.Status.CLOSED)
    assert Risk.objects.get(pk=risk.pk).status == Risk.Status.OPEN


def test_a_correction_to_a_grade_clears_the_score_or_is_refused(risk, office):
    with pytest.raises(ValidationError) as refused:
        services.risk_update(actor=office, risk=risk, grade="M")
    assert "grade" in refused.value.message_dict
    services.risk_update(actor=office, risk=risk, grade="M", likelihood=None, impact=None)
    assert Risk.objects.get(pk=risk.pk).rating_label == "M"


def test_a_correction_replaces_the_workstream_links(risk, system, office):
    kept, dropped, added = (factories.WorkstreamFactory(plan__system=system) for _ in range(3))
    services.risk_update(actor=office, risk=risk, workstreams=[kept, dropped])
    services.risk_update(actor=office, risk=risk, workstreams=[kept, added], reason="Re-scoped")
    linked = set(RiskWorkstream.objects.filter(risk=risk).values_list("workstream", flat=True))
    assert linked == {kept.pk, added.pk}
    removal = RiskWorkstream.history.get(history_type="-")
    assert (removal.workstream_id, removal.history_change_reason) == (dropped.pk, "Re-scoped")


def test_a_review_is_recorded_even_when_nothing_changed(risk, office):
    services.risk_review(
        actor=office,
        risk=risk,
        grade="",
        likelihood=4,
        impact=4,
        mitigations="",
        review_on=None,
    )
    assert risk.history.first().history_change_reason == "Reviewed"
    assert risk.history.count() == 2


def test_a_review_rerates_and_notes_why(risk, office):
    services.risk_review(
        actor=office,
        risk=risk,
        grade="",
        likelihood=2,
        impact=3,
        mitigations="Recruitment campaign",
        review_on=date(2030, 1, 31),
        note="Agency use down",
    )
    stored = Risk.objects.get(pk=risk.pk)
    assert (stored.score, stored.review_on) == (6, date(2030, 1, 31))
    latest = stored.history.first()
    assert latest.history_change_reason == "Reviewed: Agency use down"
    assert (latest.prev_record.likelihood, latest.prev_record.impact) == (4, 4)


@pytest.mark.parametrize(
    ("service", "status"),
    [(services.risk_close, "closed"), (services.risk_withdraw, "withdrawn")],
)
def test_closing_and_withdrawing_need_a_reason_and_keep_the_risk(risk, office, service, status):
    with pytest.raises(ValidationError) as refused:
        service(actor=office, risk=risk, reason="  ")
    assert "reason" in refused.value.message_dict
    assert Risk.objects.get(pk=risk.pk).status == "open"
    service(actor=office, risk=risk, reason="Agreed at the board")
    stored = Risk.objects.get(pk=risk.pk)
    assert stored.status == status
    assert stored.history.first().history_change_reason == "Agreed at the board"


def test_only_an_open_risk_is_reviewed_or_closed_and_a_closed_one_reopens(risk, office):
    services.risk_close(actor=office, risk=risk, reason="Mitigated")
    with pytest.raises(ValidationError, match="only an open risk"):
        services.risk_close(actor=office, risk=risk, reason="Again")
    with pytest.raises(ValidationError, match="only an open risk"):
        services.risk_review(
            actor=office,
            risk=risk,
            grade="",
            likelihood=1,
            impact=1,
            mitigations="",
            review_on=None,
        )
    services.risk_reopen(actor=office, risk=risk, reason="Closed too soon")
    assert Risk.objects.get(pk=risk.pk).status == Risk.Status.OPEN
    with pytest.raises(ValidationError, match="already open"):
        services.risk_reopen(actor=office, risk=risk, reason="Again")


def test_a_withdrawn_risk_is_not_withdrawn_twice(risk, office):
    services.risk_withdraw(actor=office, risk=risk, reason="Duplicate of R2")
    with pytest.raises(ValidationError, match="already withdrawn"):
        services.risk_withdraw(actor=office, risk=risk, reason="Again")
    assert risk.history.count() == 2
