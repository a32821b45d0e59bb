"""Cells parsed by their column's type: dates as typed in the UK, whole numbers, text that is
text, yes/no words and choices; each refusal says what to put instead."""

from datetime import date, datetime

import pytest

from core.import_fields import CHOICE, DATE, FLAG, MONEY, NUMBER, TEXT, CellError, Field

WHEN = Field("Baseline", "baseline_on", DATE)


@pytest.mark.parametrize(
    "cell",
    [
        "31/03/2019",
        "31-03-2019",
        "31.3.2019",
        "2019-03-31",
        "31 Mar 2019",
        "31 March 2019",
        date(2019, 3, 31),
        datetime(2019, 3, 31, 0, 0),
    ],
)
def test_a_date_is_read_as_typed_in_the_uk(cell):
    assert WHEN.parse(cell) == date(2019, 3, 31)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("31/02/2019", "February 2019 has 28 days"),
        ("29/02/2019", "February 2019 has 28 days"),
        ("31/04/2020", "April 2020 has 30 days"),
        ("12/13/2019", "there is no month 13"),
        ("03/31/2019", "there is no month 31"),
        ("tomorrow", "is not a date"),
        (43555, "not the number 43555"),
        ("31/03/1899", "Enter a date between"),
    ],
)
def test_an_impossible_date_says_why(cell, message):
    with pytest.raises(CellError, match=message):
        WHEN.parse(cell)


def test_a_leap_day_is_a_date():
    assert WHEN.parse("29/02/2020") == date(2020, 2, 29)


def test_numbers_and_text_keep_to_their_columns():
    number, text = Field("ID", "id", NUMBER), Field("Title", "title", TEXT, max_length=5)
    assert number.parse(12) == number.parse(12.0) == number.parse(" 1,200 ") - 1188 == 12
    with pytest.raises(CellError, match='not the text "twelve"'):
        number.parse("twelve")
    with pytest.raises(CellError, match=r"not 12\.5"):
        number.parse(12.5)
    assert text.parse("  Beds ") == "Beds"
    with pytest.raises(CellError, match="not the number 42"):
        text.parse(42)
    with pytest.raises(CellError, match="not the date 31/03/2019"):
        text.parse(date(2019, 3, 31))
    with pytest.raises(CellError, match="Shorten it to 5 characters"):
        text.parse("Too long")
    assert Field("Reference", "reference", TEXT, numbers_ok=True).parse(7.0) == "7"


def test_flags_choices_and_blanks():
    key = Field("Key", "is_key", FLAG, yes_word="Key")
    assert [key.parse(v) for v in ("Key", "yes", "", None, "No")] == [
        True,
        True,
        False,
        False,
        False,
    ]
    with pytest.raises(CellError, match='Give "Key" or leave it blank'):
        key.parse("maybe")
    status = Field("Status", "status", CHOICE, choices=(("open", "Open"), ("closed", "Closed")))
    assert status.parse("CLOSED") == "closed"
    with pytest.raises(CellError, match='"Shut" is not one of: Open, Closed'):
        status.parse("Shut")
    with pytest.raises(CellError, match="cannot be blank"):
        Field("Title", "title", TEXT, required=True).parse("  ")


@pytest.mark.parametrize("cell", ["9" * 30 + ".5", "(" + "9" * 40 + ")", 1e300, "1" + "0" * 400])
def test_an_amount_too_large_to_keep_says_so(cell):
    # Past Decimal's 28 digits, rounding to pence cannot be done (it raised InvalidOperation,
    # a server error on the finance imports' upload).
    with pytest.raises(CellError, match="too large"):
        Field("Income", "income", MONEY).parse(cell)
