"""The columns an import takes and how each cell is parsed, with a plain message when it cannot be.

A kind of record declares its columns once (``Field``), with the same headers as its export
(``core.exports.Export``), so an export edited in Excel imports back. A column is one of:

- ``TEXT``: text; a number or a date typed in it is refused (a text column holding 42 is a
  slip, not a title);
- ``NUMBER``: a whole number; text in it is refused;
- ``MONEY``: an amount in £'000 as the seeds print it, to two places at most: a number cell, or
  text such as 2,180, (2,587) or -2,587 for a deficit, and "-" for nothing (0);
- ``DATE``: a date cell, or text as 31/03/2019, 31-03-2019, 2019-03-31 or 31 Mar 2019; an
  impossible date (31/02/2019) is refused naming the month's length, and a date outside the
  plausible range (``core.dates``) is refused as a typing slip;
- ``FLAG``: yes or no (blank, "No" for no; "Yes" or the word the export writes, e.g. "Key");
- ``CHOICE``: one of the labels (or stored values) of a ``TextChoices``;
- ``DERIVED``: a column the export computes (a RAG, a score): read by nobody, so that a file
  exported from the page imports back as it is.

Each parse returns the value or raises ``CellError`` with the message shown next to the cell.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from core.dates import is_plausible, plausible_range_message

TEXT, NUMBER, DATE, FLAG, CHOICE, DERIVED = "text", "number", "date", "flag", "choice", "derived"
MONEY = "money"
YES = {"yes", "y", "true"}
NO = {"no", "n", "false", ""}
_NUMERIC = re.compile(r"[-+]?\d+(?:[.,]\d+)*")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WORDS = re.compile(r"(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})")
MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_abbr) if name} | {
    name.lower(): n for n, name in enumerate(calendar.month_name) if name
}


# Amounts are kept in £'000 to two places (``finance.models.money``).
PENNY_THOUSANDS = Decimal("0.01")


class CellError(ValueError):
    """A cell that cannot be read as its column's type: the message says what to put instead."""


@dataclass(frozen=True)
class Field:
    """One column: its ``header`` (as the export writes it), the ``name`` of the value it gives
    a row, its type, whether a row needs it, and for ``FLAG`` the word the export writes for
    yes, for ``CHOICE`` the choices (value -> label), for ``TEXT`` the longest it may be."""

    header: str
    name: str = ""
    kind: str = TEXT
    required: bool = False
    yes_word: str = "Yes"
    choices: tuple[tuple[str, str], ...] = ()
    max_length: int | None = None
    # A reference typed as 12 is the text "12": Excel stores it as a number.
    numbers_ok: bool = False

    def parse(self, cell):
        """The cell's value for this column (None for a blank cell), or CellError."""
        if isinstance(cell, str):
            cell = cell.strip()
        if cell is None or cell == "":
            if self.required:
                raise CellError(f"Give the {self.header.lower()}: it cannot be blank.")
            return False if self.kind == FLAG else None
        return PARSERS[self.kind](self, cell)


def _text(field: Field, cell) -> str:
    if field.numbers_ok and isinstance(cell, (int, float, Decimal)) and cell == int(cell):
        cell = str(int(cell))
    if isinstance(cell, (bool, int, float, Decimal)):
        raise CellError(f"This column takes text, not the number {_shown(cell)}.")
    if isinstance(cell, (date, datetime)):
        raise CellError(f"This column takes text, not the date {cell:%d/%m/%Y}.")
    text = str(cell)
    if field.max_length and len(text) > field.max_length:
        raise CellError(f"Shorten it to {field.max_length} characters (it has {len(text)}).")
    return text


def _number(field: Field, cell) -> int:
    if isinstance(cell, (bool, date, datetime)):
        raise CellError("This column takes a whole number.")
    if isinstance(cell, (int, float, Decimal)):
        if cell != int(cell):
            raise CellError(f"Give a whole number, not {_shown(cell)}.")
        return int(cell)
    text = str(cell).replace(",", "")
    if not re.fullmatch(r"[-+]?\d+", text):
        raise CellError(f'This column takes a whole number, not the text "{cell}".')
    return int(text)


def _money(field: Field, cell) -> Decimal:
    if isinstance(cell, (bool, date, datetime)):
        raise CellError("This column takes an amount in £'000, such as 2,180 or (2,587).")
    if isinstance(cell, (int, float, Decimal)):
        amount = Decimal(str(cell))
    else:
        text = str(cell).replace(",", "").replace("£", "").replace(" ", "")
        if text in ("-", "\u2013", "\u2014"):  # the seeds print a nil figure as a dash
            return Decimal("0.00")
        negative = text.startswith("(") and text.endswith(")")
        number = text[1:-1] if negative else text
        if not re.fullmatch(r"[-+]?\d+(?:\.\d+)?", number):
            raise CellError(
                f'This column takes an amount in £\'000 such as 2,180 or (2,587), not "{cell}".'
            )
        amount = -Decimal(number) if negative else Decimal(number)
    if not amount.is_finite():
        raise CellError("This column takes an amount in £'000, such as 2,180 or (2,587).")
    try:
        pence = amount.quantize(PENNY_THOUSANDS)
    except InvalidOperation:  # more digits than Decimal keeps: no register holds such a sum
        raise CellError("This amount is too large: give it in £'000, such as 2,180.") from None
    if amount != pence:
        raise CellError(f"Give the amount in £'000 to two decimal places at most, not {cell}.")
    return pence


def _date(field: Field, cell) -> date:
    if isinstance(cell, datetime):
        cell = cell.date()
    if isinstance(cell, date):
        day = cell
    elif isinstance(cell, (int, float, Decimal)) and not isinstance(cell, bool):
        raise CellError(
            f"This column takes a date such as 31/03/2019, not the number {_shown(cell)} "
            "(format the cell as a date)."
        )
    else:
        day = parse_date_text(str(cell))
    if not is_plausible(day):
        raise CellError(plausible_range_message())
    return day


def parse_date_text(text: str) -> date:
    """31/03/2019 (day first, as in the UK), 2019-03-31, or 31 Mar 2019; else CellError."""
    text = text.strip()
    found = _ISO.fullmatch(text)
    if found:
        year, month, day = (int(g) for g in found.groups())
    elif found := _DAY_FIRST.fullmatch(text):
        day, month, year = (int(g) for g in found.groups())
    elif (found := _WORDS.fullmatch(text)) and found.group(2).lower() in MONTHS:
        day, month, year = int(found.group(1)), MONTHS[found.group(2).lower()], int(found.group(3))
    else:
        raise CellError(f'"{text}" is not a date: give one such as 31/03/2019.')
    if not 1 <= month <= 12:
        raise CellError(f'"{text}" is not a date: there is no month {month}.')
    length = calendar.monthrange(year, month)[1]
    if not 1 <= day <= length:
        raise CellError(
            f'"{text}" is not a date: {calendar.month_name[month]} {year} has {length} days.'
        )
    return date(year, month, day)


def _flag(field: Field, cell) -> bool:
    word = str(cell).strip().lower()
    if word in YES or word == field.yes_word.lower():
        return True
    if word in NO:
        return False
    raise CellError(f'Give "{field.yes_word}" or leave it blank, not "{cell}".')


def _choice(field: Field, cell) -> str:
    word = str(cell).strip().lower()
    for value, label in field.choices:
        if word in (str(value).lower(), str(label).lower()):
            return value
    labels = ", ".join(str(label) for _, label in field.choices)
    raise CellError(f'"{cell}" is not one of: {labels}.')


def _derived(field: Field, cell):
    return None


PARSERS = {
    TEXT: _text,
    NUMBER: _number,
    DATE: _date,
    MONEY: _money,
    FLAG: _flag,
    CHOICE: _choice,
    DERIVED: _derived,
}


def _shown(number) -> str:
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return str(number)


def money_text(number: Decimal) -> str:
    """An amount in £'000 as the seeds print it: 16379 -> "16,379", -16379 -> "(16,379)";
    fractions of £'000 are kept to two places."""
    places = 0 if number == number.to_integral_value() else 2
    text = f"{abs(number):,.{places}f}"
    return f"({text})" if number < 0 else text


def shown(value) -> str:
    """A parsed value as a preview shows it: dates as 31/03/2019, flags as Yes / No, amounts
    in £'000 as the seeds print them."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Decimal):
        return money_text(value)
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def numeric_text(text: str) -> bool:
    return bool(_NUMERIC.fullmatch(text.strip()))
