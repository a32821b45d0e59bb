"""The API tokens page of a system: a programme office issues tokens to the system's regulators,
a regulator issues their own; each lists, revokes and extends the tokens they may manage (see
``authz.can_manage_token``). A token is shown once, when it is issued."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core import authz
from core.forms import ModelMultipleIdField, NHSFormMixin, add_service_error
from core.pages import require, system_view
from core.roles import Role
from partners.api.tokens import (
    DEFAULT_LIFETIME,
    MAX_LIFETIME,
    token_extend,
    token_issue,
    tokens_manageable_by,
)
from partners.models import System
from partners.services import token_revoke


def _regulators(system):
    users = authz.role_holder_ids(system, Role.REGULATOR)
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
    systems = ModelMultipleIdField(
        queryset=None,
        label="Systems it may read",
        help_text="Only systems you administer that the regulator oversees are accepted.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one system the token may read."},
    )
    days = forms.IntegerField(
        min_value=1,
        max_value=MAX_LIFETIME.days,
        initial=DEFAULT_LIFETIME.days,
        label="Days until it expires",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4"}),
    )

    def __init__(self, *args, actor, system, **kwargs):
        kwargs.setdefault("initial", {})["systems"] = [system.pk]
        super().__init__(*args, **kwargs)
        if authz.can_administer(actor, system):
            self.fields["user"].queryset = _regulators(system)
            bindable = authz.administered_system_ids(actor)
        else:  # a regulator's own token
            del self.fields["user"]
            bindable = authz.token_system_ids_for(actor, actor)
        self.fields["systems"].queryset = System.objects.filter(pk__in=bindable).order_by(
            "short_name"
        )


class ExtendForm(forms.Form):
    days = forms.IntegerField(min_value=1, max_value=MAX_LIFETIME.days)


@never_cache  # the page shows a new token's text once: no cache may keep it
@system_view
def token_list(request, system):
    require(authz.can_use_token_page(request.user, system))
    form = TokenForm(request.POST or None, actor=request.user, system=system)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            _, issued = token_issue(
                actor=request.user,
                user=form.cleaned_data.get("user", request.user),
                systems=form.cleaned_data["systems"],
                name=form.cleaned_data["name"],
                lifetime=timedelta(days=form.cleaned_data["days"]),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            form = TokenForm(actor=request.user, system=system)
    context = {
        "form": form,
        "tokens": tokens_manageable_by(request.user, system),
        "issued": issued,
        "may_issue": "user" not in form.fields or form.fields["user"].queryset.exists(),
        "default_days": DEFAULT_LIFETIME.days,
    }
    return render(request, "partners/api_tokens.html", context)


def _manageable_or_404(request, system, pk: int):
    """A token the user may manage (their own, or bound only to systems they administer);
    any other is not found, whoever asks."""
    return authz.get_visible_or_404(request.user, tokens_manageable_by(request.user, system), pk=pk)


@require_POST
@system_view
def token_revoke_view(request, system, pk: int):
    token = _manageable_or_404(request, system, pk)
    token_revoke(actor=request.user, token=token, reason=f"Revoked by {request.user}")
    messages.success(request, f"Token {token.prefix}… revoked.")
    return redirect("partners-api:token-list", slug=system.slug)


@require_POST
@system_view
def token_extend_view(request, system, pk: int):
    token = _manageable_or_404(request, system, pk)
    form = ExtendForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Give the days as a number from 1 to {MAX_LIFETIME.days}.")
        return redirect("partners-api:token-list", slug=system.slug)
    try:
        token_extend(
            actor=request.user, token=token, lifetime=timedelta(days=form.cleaned_data["days"])
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"Token {token.prefix}… now expires {token.expires_at:%-d %B %Y}."
        )
    return redirect("partners-api:token-list", slug=system.slug)
