"""Forms for finance pages. Validation of the record itself stays in finance.services."""

from datetime import date

from django import forms

from core import authz
from core.forms import NHSFormMixin, ServiceErrorMixin
from finance.models import FinancialYear
from partners.models import Organisation, Partnership

# NHS financial years run April to March, so the months are offered in that order.
MONTHS = [
    (number, date(2000, number, 1).strftime("%B")) for number in (*range(4, 13), *range(1, 4))
]
MONEY_HINT = "Use a minus sign for a deficit, for example -1500."


def month_in_year(year: FinancialYear, number: int) -> date | None:
    """The first day of the month ``number`` that falls within ``year``, if any."""
    month = year.starts_on.replace(day=1)
    while month <= year.ends_on:
        if month.month == number:
            return month
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return None


def money_field(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=2,
        help_text=MONEY_HINT,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10", "inputmode": "decimal"}),
    )


class MonthlyPositionForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    """An organisation's monthly position; the organisation is one of the system's partners."""

    # The record's own rules (one position per organisation and month) are about the month.
    general_field = "month"

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), empty_label="Choose an organisation"
    )
    year = forms.ModelChoiceField(
        label="Financial year", queryset=FinancialYear.objects.order_by("-starts_on")
    )
    month = forms.TypedChoiceField(label="Month reported on", choices=MONTHS, coerce=int)
    ytd_plan = money_field("Year-to-date plan (£'000)")
    ytd_actual = money_field("Year-to-date actual (£'000)")
    forecast_outturn = money_field("Forecast outturn for the year (£'000)")

    def __init__(self, *args, user, system, **kwargs):
        super().__init__(*args, **kwargs)
        partners = authz.scoped(user, Partnership).filter(system=system)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=partners.values("organisation_id")
        ).order_by("name")

    def clean(self):
        data = super().clean()
        year, number = data.get("year"), data.get("month")
        if year is not None and number is not None:
            month = month_in_year(year, number)
            if month is None:
                self.add_error("month", f"Choose a month in the financial year {year}.")
            else:
                data["month"] = month
        return data
