"""Amounts typed as finance papers print them: commas, brackets for a deficit, a pound sign."""

from decimal import Decimal as D

import pytest
from django import forms

from finance.forms import AmountField, parse_amount


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("20691", D("20691")),
        ("20,691", D("20691")),
        ("-20,691", D("-20691")),
        ("(20,691)", D("-20691")),
        ("£20,691", D("20691")),
        ("-£20,691", D("-20691")),
        ("£-20,691", D("-20691")),
        ("(£20,691)", D("-20691")),
        (" ( 2,587 ) ", D("-2587")),
        ("\u22121,750.50", D("-1750.50")),
        ("1,234,567.5", D("1234567.5")),
        ("0", D("0")),
    ],
)
def test_the_ways_papers_print_an_amount(text, amount):
    assert parse_amount(text) == amount


@pytest.mark.parametrize(
    "text",
    [
        "",
        "-",
        "()",
        "a lot",
        "--5",
        "-(5)",
        "(5",
        "5)",
        "20,69",
        "2,0691",
        "1e309",
        "1.",
        "£",
        "5-",
    ],
)
def test_anything_else_is_refused(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def _field(**kwargs) -> AmountField:
    return AmountField(label="Amount", **kwargs)


def test_the_field_gives_a_decimal():
    assert _field().clean("(54,340)") == D("-54340")


def test_the_field_says_how_to_type_an_amount():
    with pytest.raises(forms.ValidationError) as error:
        _field().clean("twenty")
    assert error.value.messages == ["Enter an amount, for example 1,500, -1,500 or (1,500)."]


def test_the_field_keeps_the_models_limits():
    with pytest.raises(forms.ValidationError, match="12 digits before the decimal point"):
        _field().clean("99,999,999,999,999")
    with pytest.raises(forms.ValidationError, match="2 decimal places"):
        _field().clean("1.005")


def test_blank_is_required_unless_the_field_is_optional():
    with pytest.raises(forms.ValidationError, match="required"):
        _field().clean("  ")
    assert _field(required=False).clean("") is None
