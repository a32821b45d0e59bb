"""core.dates: the plausible range for stored dates, and arithmetic that survives rows stored
before the range was enforced."""

from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from core.dates import (
    PLAUSIBLE_FROM,
    PLAUSIBLE_TO,
    PlausibleDateValidator,
    add_days,
    check_plausible,
    is_plausible,
    validate_plausible_date,
)


def test_the_range_is_inclusive():
    validate_plausible_date(PLAUSIBLE_FROM)
    validate_plausible_date(PLAUSIBLE_TO)
    for slip in (date(1989, 12, 31), date(2101, 1, 1), date(9999, 12, 31), date(1, 1, 1)):
        with pytest.raises(ValidationError, match="check the year for a typing slip"):
            validate_plausible_date(slip)


def test_a_narrower_range_for_a_meaning():
    validator = PlausibleDateValidator(date(2015, 1, 1), date(2030, 12, 31))
    with pytest.raises(ValidationError, match="between 1 January 2015 and 31 December 2030"):
        validator(date(2014, 12, 31))
    assert validator == PlausibleDateValidator(date(2015, 1, 1), date(2030, 12, 31))


def test_services_check_dates_by_name():
    check_plausible(held_on=date(2019, 1, 1), due_on=None)
    with pytest.raises(ValidationError) as error:
        check_plausible(held_on=date(2019, 1, 1), due_on=date(9999, 1, 1))
    assert list(error.value.message_dict) == ["due_on"]


def test_arithmetic_holds_at_the_calendar_ends():
    assert add_days(date(9999, 12, 31), 30) == date.max
    assert add_days(date(1, 1, 1), -1) == date.min
    assert add_days(date(2019, 1, 31), 31) == date(2019, 3, 3)
    assert add_days(None, 3) is None
    assert is_plausible(None) and not is_plausible(date(9999, 1, 1))


def test_every_stored_date_carries_the_range():
    missing = [
        f"{model.__name__}.{field.name}"
        for config in ("partners", "governance", "milestones", "escalation", "finance", "reports")
        for model in apps.get_app_config(config).get_models()
        if not model.__name__.startswith("Historical")
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField)
        and not isinstance(field, models.DateTimeField)
        and not any(isinstance(v, PlausibleDateValidator) for v in field.validators)
    ]
    assert missing == []
