"""The forms of a person's personal data requests: a subject access file, an erasure."""

from django import forms

from core.forms import NHSFormMixin


class SubjectAccessForm(NHSFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why is the file being made?",
        help_text="The request's reference, and how it came (e.g. an e-mail of 3 March).",
        max_length=500,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if not data.get("reason", "").strip():
            self.add_error(
                "reason", "Say why the file is being made, e.g. the request's reference."
            )
        return data


class ErasureForm(NHSFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why is their identity being erased?",
        help_text="The request's reference and the decision to erase. Do not write their name: "
        "it is replaced here too.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )
    confirm = forms.BooleanField(
        label="I understand that this cannot be undone",
        required=False,
    )

    def clean(self):
        data = super().clean()
        if not data.get("reason", "").strip():
            self.add_error("reason", "Say why their identity is being erased.")
        if not data.get("confirm"):
            self.add_error("confirm", "Confirm that you understand this cannot be undone.")
        return data
