"""Pages that add, correct, review, close, withdraw and reopen risks: the programme office's.

The register and a risk's page stay in escalation.views. Every choice a form offers comes from
this system through core.authz; every write goes through escalation.services.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render

from core import authz
from core.forms import add_service_error
from core.once import submitted_once
from core.pages import require, system_view
from core.stale import EditGuard
from escalation import services
from escalation.forms import RiskForm, RiskReviewForm, RiskStatusForm
from escalation.models import Risk
from milestones.models import Workstream
from partners.models import Organisation, Person

# The risk's own fields a correction shows (the form's other fields are its links and reason).
RISK_FIELDS = sorted(services.RISK_EDITABLE)


def _risks(request, system):
    return authz.scoped(request.user, Risk).filter(system=system)


def _get_risk(request, system, pk: int) -> Risk:
    return authz.get_visible_or_404(
        request.user,
        _risks(request, system).prefetch_related("workstream_links"),
        pk=pk,
    )


def _risk_form(request, system, risk: Risk | None = None, **kwargs) -> RiskForm:
    current = [risk.owner_organisation_id] if risk and risk.owner_organisation_id else []
    return RiskForm(
        request.POST or None,
        people=authz.scoped(request.user, Person)
        .filter(system=system)
        .select_related("organisation"),
        # The system's partners, and the current owner should it have left the partnership.
        organisations=authz.scoped(request.user, Organisation)
        .filter(Q(partnerships__system=system) | Q(pk__in=current))
        .distinct(),
        workstreams=authz.scoped(request.user, Workstream)
        .filter(plan__system=system)
        .order_by("code", "name"),
        correcting=risk is not None,
        **kwargs,
    )


@system_view
@submitted_once
def risk_create(request, system):
    require(authz.can_administer(request.user, system))
    form = _risk_form(request, system)
    if request.method == "POST" and form.is_valid():
        try:
            risk = services.risk_create(actor=request.user, system=system, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Risk added: {risk}.")
            return redirect("escalation:risk-detail", slug=system.slug, pk=risk.pk)
    return render(request, "escalation/risk_form.html", {"form": form})


@system_view
def risk_edit(request, system, pk: int):
    risk = _get_risk(request, system, pk)
    require(authz.can_administer(request.user, system))
    initial = model_to_dict(risk, fields=RISK_FIELDS)
    initial["workstreams"] = [link.workstream_id for link in risk.workstream_links.all()]
    guard = EditGuard(request, risk)
    form = guard.attach(_risk_form(request, system, risk, initial=initial))
    if request.method == "POST" and form.is_valid():
        try:
            guard.write(
                lambda: services.risk_update(actor=request.user, risk=risk, **form.cleaned_data)
            )
        except ValidationError as error:
            form.add_service_error(error)
            # The service may have changed the instance before refusing: show the stored one.
            risk = _get_risk(request, system, pk)
        else:
            messages.success(request, f"Risk corrected: {risk}.")
            return redirect("escalation:risk-detail", slug=system.slug, pk=pk)
    return render(request, "escalation/risk_form.html", {"form": form, "risk": risk})


@system_view
def risk_review(request, system, pk: int):
    risk = _get_risk(request, system, pk)
    require(authz.can_administer(request.user, system))
    fields = [name for name in RiskReviewForm.base_fields if name != "note"]
    form = RiskReviewForm(request.POST or None, initial=model_to_dict(risk, fields=fields))
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_review(actor=request.user, risk=risk, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
            risk = _get_risk(request, system, pk)
        else:
            messages.success(request, f"Review recorded: {risk}.")
            return redirect("escalation:risk-detail", slug=system.slug, pk=pk)
    return render(request, "escalation/risk_review.html", {"form": form, "risk": risk})


@dataclass(frozen=True)
class StatusChange:
    """Closing, withdrawing or reopening: the page's words and the service that does it."""

    title: str
    label: str  # the reason field's label
    hint: str
    button: str
    run: Callable[..., Risk]
    done: str
    warning: bool = False  # a warning button: the step is one to take with care


STATUS_CHANGES = {
    "close": StatusChange(
        "Close the risk",
        "Why is the risk being closed?",
        "For example, the mitigations have worked or the threat has passed. The risk stays in "
        "the register, marked closed.",
        "Close risk",
        services.risk_close,
        "Risk closed",
    ),
    "withdraw": StatusChange(
        "Withdraw the risk",
        "Why is the risk being withdrawn?",
        "For example, it was recorded in error or twice. Nothing is deleted: the risk stays in "
        "the register, labelled withdrawn, with its history.",
        "Withdraw risk",
        services.risk_withdraw,
        "Risk withdrawn",
        warning=True,
    ),
    "reopen": StatusChange(
        "Reopen the risk",
        "Why is the risk being reopened?",
        "It returns to the open risks and the heat map.",
        "Reopen risk",
        services.risk_reopen,
        "Risk reopened",
    ),
}


@system_view
def risk_status(request, system, pk: int, change: str):
    risk = _get_risk(request, system, pk)
    require(authz.can_administer(request.user, system))
    spec = STATUS_CHANGES[change]
    form = RiskStatusForm(request.POST or None)
    form.fields["reason"].label, form.fields["reason"].help_text = spec.label, spec.hint
    form.fields["reason"].widget.attrs["aria-describedby"] = "id_reason-hint"
    if request.method == "POST" and form.is_valid():
        try:
            spec.run(actor=request.user, risk=risk, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
            risk = _get_risk(request, system, pk)
        else:
            messages.success(request, f"{spec.done}: {risk}.")
            return redirect("escalation:risk-detail", slug=system.slug, pk=pk)
    context = {"form": form, "risk": risk, "change": spec}
    return render(request, "escalation/risk_status.html", context)
