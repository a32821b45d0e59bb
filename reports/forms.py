from datetime import date, datetime

from django import forms

from core.forms import NHSFormMixin

EARLIEST = date(2015, 1, 1)


class MonthField(forms.CharField):
    """A month as YYYY-MM (the browser's month picker), cleaned to its first day."""

    widget = forms.TextInput(attrs={"type": "month", "class": "nhsuk-input--width-10"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return datetime.strptime(value, "%Y-%m").date()
        except ValueError as error:
            raise forms.ValidationError(
                "Enter the month as a year and month, for example 2019-11.", code="invalid"
            ) from error


class ReportRequestForm(NHSFormMixin, forms.Form):
    month = MonthField(
        label="Month reported on",
        help_text="For example, 2019-11. The report shows the data as it stood at month end.",
        error_messages={"required": "Enter the month the report is for, for example 2019-11."},
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month > self.today.replace(day=1):
            raise forms.ValidationError("The month cannot be in the future.")
        if month < EARLIEST:
            raise forms.ValidationError("The month must be January 2015 or later.")
        return month


class ChairForm(NHSFormMixin, forms.Form):
    """The chair's commentary and the one list of items flagged for the regulators: the draft's
    escalations, ticked where the case is flagged (by the programme office on the case page or
    by the chair here), each with the chair's note, then other issues."""

    commentary = forms.CharField(
        label="Chair's commentary",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text="Printed at the front of the report, as you write it.",
    )
    cases = forms.MultipleChoiceField(
        label="Escalations to flag for the regulators",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=(
            "Ticked where the case is flagged for your report, on the case page or here. "
            "Untick to take a case off the report; its own flag is cleared too."
        ),
    )
    issues = forms.CharField(
        label="Other issues to flag for the regulators",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="One issue per line.",
    )

    def __init__(self, *args, cases: dict[int, dict], flags: list[dict], **kwargs):
        kwargs.setdefault("initial", {}).update(
            {
                "cases": [str(flag["case"]) for flag in flags if flag.get("case")],
                "issues": "\n".join(flag["title"] for flag in flags if not flag.get("case")),
            }
        )
        notes = {flag["case"]: flag.get("detail", "") for flag in flags if flag.get("case")}
        super().__init__(*args, **kwargs)
        self.cases = cases
        self.fields["cases"].widget.attrs["class"] = "nhsuk-checkboxes__input"
        self.fields["cases"].choices = [
            (str(pk), f"{case['reference']}: {case['subject']} (step {case['step']})")
            for pk, case in cases.items()
        ]
        for pk, case in cases.items():
            self.fields[f"note_{pk}"] = forms.CharField(
                label=f"Your note on {case['reference']}",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=notes.get(pk, case.get("reason", "")),
                help_text="Printed under the case in the report.",
            )

    def case_rows(self):
        """Each escalation's checkbox with its note, for the template."""
        notes = {str(pk): self[f"note_{pk}"] for pk in self.cases}
        return [(box, notes[str(box.data["value"])]) for box in self["cases"]]

    def chosen_cases(self) -> set[int]:
        return {int(pk) for pk in self.cleaned_data["cases"]}

    def flags(self) -> list[dict]:
        """The flags as the report stores them: each chosen case with the chair's note, then
        each issue line."""
        flags = []
        for pk in sorted(self.chosen_cases(), key=list(self.cases).index):
            case = self.cases[pk]
            flags.append(
                {
                    "title": f"{case['reference']}: {case['subject']}",
                    "detail": self.cleaned_data[f"note_{pk}"].strip(),
                    "case": pk,
                }
            )
        for line in self.cleaned_data["issues"].splitlines():
            if line.strip():
                flags.append({"title": line.strip(), "detail": "", "case": None})
        return flags
