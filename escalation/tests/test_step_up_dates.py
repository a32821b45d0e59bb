"""A case steps up only once its step's agreed period has run (the Cumbria PAG route: "more than
one month after referral to the PAG", a calendar month), and never on a day still to come."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from escalation import services
from escalation.rules import (
    check_step_up_on,
    earliest_step_up,
    more_than_months_after,
    step_up_period_label,
)
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = date.today()


def test_the_earliest_step_up_is_the_step_period_after_the_case_reached_it():
    assert earliest_step_up(date(2019, 1, 31), 31) == date(2019, 3, 3)
    assert earliest_step_up(date(2019, 1, 31), None) == date(2019, 1, 31)
    assert earliest_step_up(date(9999, 12, 31), 31) == date.max  # stored slip, no overflow


def test_a_step_up_before_the_period_has_run_says_from_when():
    with pytest.raises(ValidationError) as error:
        check_step_up_on(
            date(2019, 3, 2), step_since=date(2019, 1, 31), step_up_after_days=31, today=TODAY
        )
    assert error.value.message_dict["on"] == [
        "This step allows 31 days from 31 January 2019, when the case reached it: "
        "it can be stepped up from 3 March 2019."
    ]
    check_step_up_on(
        date(2019, 3, 3), step_since=date(2019, 1, 31), step_up_after_days=31, today=TODAY
    )


def test_a_step_without_a_period_still_cannot_move_on_before_it_was_reached():
    with pytest.raises(ValidationError, match="cannot move on before then"):
        check_step_up_on(
            date(2019, 1, 30), step_since=date(2019, 1, 31), step_up_after_days=None, today=TODAY
        )


def test_a_step_up_cannot_be_recorded_ahead():
    with pytest.raises(ValidationError, match="after today"):
        check_step_up_on(
            TODAY + timedelta(days=1),
            step_since=TODAY - timedelta(days=60),
            step_up_after_days=31,
            today=TODAY,
        )


@pytest.fixture
def case(system, office, in_scope):
    board = factories.CommitteeFactory(system=system, name="Programme Alliance Group")
    route = services.route_create(
        actor=office,
        system=system,
        name="Disputes",
        steps=[
            {"order": 1, "escalate_to_committee": board, "step_up_after_days": 31},
            {"order": 2, "escalate_to_role": "Regulator"},
        ],
    )
    return services.case_raise(
        actor=office,
        route=route,
        reason="Unresolved",
        raised_on=date(2019, 1, 31),
        subject_text="Dispute",
    )


def test_the_service_refuses_an_early_step_up_and_keeps_the_case(case, office):
    with pytest.raises(ValidationError) as error:
        services.case_step_up(actor=office, case=case, on=date(2019, 2, 28))
    assert "3 March 2019" in error.value.message_dict["on"][0]
    case.refresh_from_db()
    assert case.current_step.order == 1
    services.case_step_up(actor=office, case=case, on=date(2019, 3, 3))
    case.refresh_from_db()
    assert (case.current_step.order, case.step_since) == (2, date(2019, 3, 3))


def test_the_step_up_form_shows_the_message_next_to_the_date(client, office, system, case):
    client.force_login(office)
    response = client.post(
        f"/s/{system.slug}/escalations/{case.pk}/step-up/", {"step_up-on": "2019-02-28"}
    )
    assert response.status_code == 200
    assert "it can be stepped up from 3 March 2019" in response.content.decode()


def test_a_case_cannot_be_raised_or_answered_ahead(case, office):
    with pytest.raises(ValidationError) as error:
        services.case_raise(
            actor=office,
            route=case.route,
            reason="Late",
            raised_on=TODAY + timedelta(days=1),
            subject_text="Later",
        )
    assert "raised_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.case_respond(
            actor=office,
            case=case,
            reasons="r",
            mitigations="m",
            revised_timetable="t",
            responded_on=TODAY + timedelta(days=1),
        )
    assert "responded_on" in error.value.message_dict


def test_the_seed_dispute_route_keeps_its_one_month(seeds):
    """Seed 001, PAG MoU para 16b: "after more than one month": a period in months, not 31 days."""
    from escalation.models import EscalationStep

    periods = set(
        EscalationStep.objects.filter(route__system__slug="cumbria").values_list(
            "step_up_after_days", "step_up_after_months"
        )
    )
    assert (None, 1) in periods
    assert all(days is None for days, _ in periods)


def test_more_than_a_month_is_from_the_day_after_the_same_day_next_month():
    """Seed 001, PAG MoU para 16b: "unresolved after more than one month after referral"."""
    assert more_than_months_after(date(2017, 5, 15), 1) == date(2017, 6, 16)
    # Held at the month's end: 31 January + 1 month is 28 February, so from 1 March.
    assert more_than_months_after(date(2019, 1, 31), 1) == date(2019, 3, 1)
    assert more_than_months_after(date(2016, 1, 31), 1) == date(2016, 3, 1)  # 29 Feb + 1
    assert more_than_months_after(date(2017, 12, 20), 1) == date(2018, 1, 21)
    assert more_than_months_after(date(2017, 3, 10), 14) == date(2018, 5, 11)
    assert more_than_months_after(date(9999, 12, 31), 1) == date.max  # stored slip


def test_a_period_in_months_is_said_in_words_on_refusal():
    with pytest.raises(ValidationError) as error:
        check_step_up_on(
            date(2017, 6, 15),
            step_since=date(2017, 5, 15),
            step_up_after_days=None,
            step_up_after_months=1,
            today=TODAY,
        )
    assert error.value.message_dict["on"] == [
        "This step allows more than 1 month from 15 May 2017, when the case reached it: "
        "it can be stepped up from 16 June 2017."
    ]
    check_step_up_on(
        date(2017, 6, 16),
        step_since=date(2017, 5, 15),
        step_up_after_days=None,
        step_up_after_months=1,
        today=TODAY,
    )
    assert step_up_period_label(None, 1) == "more than 1 month"
    assert step_up_period_label(None, 3) == "more than 3 months"
    assert step_up_period_label(31, None) == "31 days"
    assert step_up_period_label(None, None) == ""


def test_a_step_gives_its_period_in_days_or_months_not_both(system, office, in_scope):
    board = factories.CommitteeFactory(system=system, name="Alliance")
    with pytest.raises(ValidationError, match="not both"):
        services.route_create(
            actor=office,
            system=system,
            name="Both",
            steps=[
                {
                    "order": 1,
                    "escalate_to_committee": board,
                    "step_up_after_days": 31,
                    "step_up_after_months": 1,
                }
            ],
        )
