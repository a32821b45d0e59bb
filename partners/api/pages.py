"""The programme office's page for regulators' API tokens: issue one (shown once), list, revoke."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from partners import authz
from partners.api.tokens import token_issue, token_revoke
from partners.forms import NHSFormMixin
from partners.models import Access, ApiToken, Role
from partners.pages import require, system_view


def _regulators(system):
    users = Access.objects.filter(system=system, role=Role.REGULATOR).values("user_id")
    return get_user_model().objects.filter(pk__in=users, is_active=True).order_by("username")


class TokenForm(NHSFormMixin, forms.Form):
    user = forms.ModelChoiceField(queryset=None, label="Regulator")
    name = forms.CharField(
        max_length=100,
        required=False,
        label="What it is for",
        help_text="For example, NHSE data",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-20"}),
    )
    days = forms.IntegerField(min_value=1, max_value=365, initial=90, label="Days until it expires")

    def __init__(self, *args, system, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = _regulators(system)


@system_view
def token_list(request, system):
    require(authz.can_administer(request.user, system))
    form = TokenForm(request.POST or None, system=system)
    issued = None
    if request.method == "POST" and form.is_valid():
        _, issued = token_issue(
            actor=request.user,
            user=form.cleaned_data["user"],
            name=form.cleaned_data["name"],
            lifetime=timedelta(days=form.cleaned_data["days"]),
        )
        form = TokenForm(system=system)
    tokens = ApiToken.objects.filter(user__in=_regulators(system)).select_related("user")
    context = {"form": form, "tokens": tokens, "issued": issued}
    return render(request, "partners/api_tokens.html", context)


@require_POST
@system_view
def token_revoke_view(request, system, pk: int):
    require(authz.can_administer(request.user, system))
    token = authz.get_visible_or_404(
        request.user, ApiToken.objects.filter(user__in=_regulators(system)), pk=pk
    )
    token_revoke(actor=request.user, token=token)
    messages.success(request, f"Token {token.prefix}… revoked.")
    return redirect("partners-api:token-list", slug=system.slug)
