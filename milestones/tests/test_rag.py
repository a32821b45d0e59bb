"""RAG at every edge. Tolerance 30 days; baseline 31 March 2020 (N&W's SDEC 12 hours a day,
7 days a week)."""

from datetime import date, timedelta

import pytest

from milestones.rag import Rag, rag_status, slippage_days

BASELINE = date(2020, 3, 31)
TOLERANCE = 30


def rag(forecast=None, completed=None, today=date(2020, 1, 1)):
    return rag_status(
        baseline=BASELINE,
        forecast=forecast,
        completed=completed,
        tolerance_days=TOLERANCE,
        today=today,
    )


def test_on_track_when_forecast_is_the_baseline():
    assert rag(forecast=BASELINE) is Rag.GREEN


def test_on_track_when_forecast_is_early():
    assert rag(forecast=BASELINE - timedelta(days=10)) is Rag.GREEN


def test_no_forecast_uses_the_baseline():
    assert rag() is Rag.GREEN
    assert rag(today=BASELINE + timedelta(days=1)) is Rag.RED


def test_due_today_is_not_overdue():
    assert rag(forecast=BASELINE, today=BASELINE) is Rag.GREEN


def test_one_day_late_is_red():
    assert rag(forecast=BASELINE, today=BASELINE + timedelta(days=1)) is Rag.RED


def test_forecast_one_day_after_baseline_is_amber():
    assert rag(forecast=BASELINE + timedelta(days=1)) is Rag.AMBER


def test_forecast_on_the_tolerance_boundary_is_amber():
    assert rag(forecast=BASELINE + timedelta(days=TOLERANCE)) is Rag.AMBER


def test_forecast_one_day_beyond_tolerance_is_red():
    assert rag(forecast=BASELINE + timedelta(days=TOLERANCE + 1)) is Rag.RED


def test_amber_forecast_becomes_red_once_it_passes():
    forecast = BASELINE + timedelta(days=10)
    assert rag(forecast=forecast, today=forecast) is Rag.AMBER
    assert rag(forecast=forecast, today=forecast + timedelta(days=1)) is Rag.RED


@pytest.mark.parametrize("completed", [BASELINE - timedelta(days=5), BASELINE + timedelta(days=90)])
def test_completed_early_or_late_is_complete(completed):
    assert rag(forecast=BASELINE, completed=completed, today=date(2021, 1, 1)) is Rag.COMPLETE


def test_zero_tolerance_makes_any_slip_red():
    status = rag_status(
        baseline=BASELINE,
        forecast=BASELINE + timedelta(days=1),
        completed=None,
        tolerance_days=0,
        today=date(2020, 1, 1),
    )
    assert status is Rag.RED


def test_slippage_is_days_from_first_baseline_to_forecast():
    assert slippage_days(date(2019, 9, 30), date(2019, 12, 31)) == 92
    assert slippage_days(date(2019, 9, 30), date(2019, 9, 1)) == -29
    assert slippage_days(date(2019, 9, 30), None) == 0


def test_without_a_tolerance_a_slipped_forecast_is_amber_until_overdue():
    """A plan that sets no tolerance (no seed sets one) has none to exceed: not a default 30."""
    late = BASELINE + timedelta(days=200)

    def untolerant(today):
        return rag_status(
            baseline=BASELINE, forecast=late, completed=None, tolerance_days=None, today=today
        )

    assert untolerant(date(2020, 1, 1)) is Rag.AMBER
    assert untolerant(late + timedelta(days=1)) is Rag.RED
