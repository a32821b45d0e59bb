"""Figures as the seeds print them: £'000 with thousands separators, deficits in brackets."""

from decimal import Decimal, InvalidOperation

from django import template

from core.import_fields import money_text
from finance.models import StatedTotal

register = template.Library()

# The reconciliation names columns the way the tables head them.
COLUMN_LABELS = {
    "allocation_or_income": "Allocation or income",
    "allocations": "Allocations",
    "income": "Income",
    "support_not_split": "PSF/CSF/FRF/MRET (not split)",
    "plan_surplus_deficit": "Plan surplus/(deficit) before support",
    "psf": "PSF",
    "frf": "FRF",
    "mret": "MRET",
    "support": "Total support",
    "net": "Net control total",
    "recurrent": "Recurrent",
    "non_recurrent": "Non-recurrent",
    "total": "Total",
    "denominator": "Denominator",
    "percent": "Efficiency %",
}


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None


@register.filter
def money(value) -> str:
    """16379 -> "16,379", -16379 -> "(16,379)"; pence-like fractions of £'000 are kept."""
    number = _decimal(value)
    return "" if number is None else money_text(number)


@register.filter
def percent(value) -> str:
    """A percentage to two places, e.g. 3.79 -> "3.79%"."""
    number = _decimal(value)
    if number is None:
        return ""
    return f"{number:.2f}%"


@register.filter
def stated_figure(value, column: str) -> str:
    """A reconciled figure in its column's own format (percentages are not money)."""
    return percent(value) if column == "percent" else money(value)


@register.filter
def column_label(column: str) -> str:
    return COLUMN_LABELS.get(column, column.replace("_", " ").capitalize())


@register.filter
def table_label(table: str) -> str:
    return StatedTotal.Table(table).label if table in StatedTotal.Table.values else table


@register.filter
def group_label(group: str) -> str:
    return StatedTotal.Group(group).label if group in StatedTotal.Group.values else group
