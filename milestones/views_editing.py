"""Pages that create and change the plan, its workstreams and milestones: the programme office's.

Re-baselining, dependencies and monthly updates stay in milestones.views, on the pages they
belong to. Every choice a form offers comes from this system through core.authz.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.urls import reverse

from core import authz
from core.exports import export_response, requested_format
from core.forms import add_service_error, constraint_moves
from core.history import history_download, history_rows
from core.once import submitted_once
from core.pages import require, system_view
from core.params import parse_choice, parse_id
from core.stale import EditGuard
from governance.models import Commitment
from milestones import querysets, services
from milestones.exports import GATEWAYS
from milestones.forms import GatewayForm, MilestoneForm, PlanForm, WithdrawForm, WorkstreamForm
from milestones.models import Gateway, Milestone, Plan, Workstream
from partners.models import Organisation, Person

# Django reports a unique constraint over several fields as a general error; each of these has
# one field a user would change, so the message is shown next to it.
UNIQUE_ERRORS = constraint_moves(
    Plan,
    Gateway,
    Workstream,
    Milestone,
    fields={
        "gateway_unique_number": "number",
        "plan_unique_title": "title",
        "workstream_unique_name": "name",
        "milestone_unique_title": "title",
    },
)


def _plans(request, system):
    return authz.scoped(request.user, Plan).filter(system=system)


def _workstreams(request, system):
    return authz.scoped(request.user, Workstream).filter(plan__system=system)


def _milestones(request, system):
    return authz.scoped(request.user, Milestone).filter(workstream__plan__system=system)


def _people(request, system):
    return authz.scoped(request.user, Person).filter(system=system).select_related("organisation")


def _initial_pk(request, name: str) -> int | None:
    """A choice preselected by a link (``?workstream=3``); the form still checks it is one."""
    return parse_id(request, name)


# Plans ------------------------------------------------------------------------------------------


@system_view
@submitted_once
def plan_create(request, system):
    require(authz.can_administer(request.user, system))
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=request.user, system=system, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error, UNIQUE_ERRORS)
        else:
            messages.success(request, f"Plan created: {plan}. Now add a workstream to it.")
            response = redirect("milestones:workstream-create", slug=system.slug)
            response["Location"] += f"?plan={plan.pk}"
            return response
    return render(request, "milestones/plan_form.html", {"form": form})


# Workstreams ------------------------------------------------------------------------------------


def _workstream_form(request, system, workstream: Workstream | None = None, **kwargs):
    current = [workstream.lead_organisation_id] if workstream else []
    return WorkstreamForm(
        request.POST or None,
        querysets={
            "plan": _plans(request, system),
            "sro": _people(request, system),
            # The system's partners, and the current lead should it have left the partnership.
            "lead_organisation": authz.scoped(request.user, Organisation)
            .filter(Q(partnerships__system=system) | Q(pk__in=current))
            .distinct(),
        },
        **kwargs,
    )


@system_view
@submitted_once
def workstream_create(request, system):
    require(authz.can_administer(request.user, system))
    plans = list(_plans(request, system).values_list("pk", flat=True))
    plan = _initial_pk(request, "plan") or (plans[0] if len(plans) == 1 else None)
    form = _workstream_form(request, system, initial={"plan": plan})
    if request.method == "POST" and form.is_valid():
        try:
            workstream = services.workstream_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error, UNIQUE_ERRORS)
        else:
            messages.success(request, f"Workstream added: {workstream}.")
            return redirect("milestones:workstream-detail", slug=system.slug, pk=workstream.pk)
    return render(request, "milestones/workstream_form.html", {"form": form, "has_plans": plans})


def _kept_as_it_was(request, system, record):
    """A withdrawn record is kept as it was: its page says so rather than offer a form."""
    messages.info(request, f"{record} was withdrawn and is kept as it was.")
    return redirect(record_url(system, record))


DETAIL_PAGES = {
    Gateway: "milestones:gateway-detail",
    Workstream: "milestones:workstream-detail",
    Milestone: "milestones:milestone-detail",
}


def record_url(system, record) -> str:
    return reverse(DETAIL_PAGES[type(record)], kwargs={"slug": system.slug, "pk": record.pk})


def _withdraw_page(request, system, record, withdraw, *, kind: str, counts_note: str):
    """The withdraw page of a gateway, workstream or milestone: the reason, then the service."""
    if record.is_withdrawn:
        return _kept_as_it_was(request, system, record)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            withdraw(actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{record} withdrawn: it is kept, labelled withdrawn.")
            return redirect(record_url(system, record))
    context = {
        "form": form,
        "record": record,
        "kind": kind,
        "counts_note": counts_note,
        "back": record_url(system, record),
        "detail_name": DETAIL_PAGES[type(record)],
    }
    return render(request, "milestones/withdraw.html", context)


def _get_workstream(request, system, pk: int) -> Workstream:
    return authz.get_visible_or_404(
        request.user, querysets.workstream_detail(_workstreams(request, system)), pk=pk
    )


@system_view
def workstream_edit(request, system, pk: int):
    workstream = _get_workstream(request, system, pk)
    require(authz.can_administer(request.user, system))
    if workstream.is_withdrawn:
        return _kept_as_it_was(request, system, workstream)
    initial = model_to_dict(workstream, fields=WorkstreamForm.base_fields)
    guard = EditGuard(request, workstream)
    form = guard.attach(_workstream_form(request, system, workstream, initial=initial))
    if request.method == "POST" and form.is_valid():
        try:
            guard.write(
                lambda: services.workstream_update(
                    actor=request.user, workstream=workstream, **form.cleaned_data
                )
            )
        except ValidationError as error:
            add_service_error(form, error, UNIQUE_ERRORS)
            # The service may have changed the instance before refusing: show the stored one.
            workstream = _get_workstream(request, system, pk)
        else:
            messages.success(request, f"Workstream updated: {workstream}.")
            return redirect("milestones:workstream-detail", slug=system.slug, pk=pk)
    context = {"form": form, "workstream": workstream, "has_plans": True}
    return render(request, "milestones/workstream_form.html", context)


# Milestones -------------------------------------------------------------------------------------


def _milestone_form(request, system, milestone: Milestone | None = None, **kwargs):
    milestones = _milestones(request, system)
    # Withdrawn workstreams and gateways are not offered, save the milestone's own.
    keep_workstream = Q(pk=milestone.workstream_id) if milestone else Q(pk__in=[])
    keep_gateway = Q(pk=milestone.gateway_id) if milestone else Q(pk__in=[])
    return MilestoneForm(
        request.POST or None,
        querysets={
            "workstream": _workstreams(request, system)
            .filter(Q(withdrawn_on=None) | keep_workstream)
            .order_by("code", "name"),
            "responsible_organisation": querysets.responsible_organisations(milestones, system),
            "responsible_person": _people(request, system),
            "commitment": authz.scoped(request.user, Commitment)
            .filter(agreement__system=system)
            .select_related("agreement")
            .order_by("agreement__title", "number"),
            "gateway": authz.scoped(request.user, Gateway)
            .filter(plan__system=system)
            .filter(Q(withdrawn_on=None) | keep_gateway)
            .select_related("plan"),
        },
        **kwargs,
    )


@system_view
@submitted_once
def milestone_create(request, system):
    require(authz.can_administer(request.user, system))
    form = _milestone_form(
        request, system, initial={"workstream": _initial_pk(request, "workstream")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            milestone = services.milestone_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error, UNIQUE_ERRORS)
        else:
            messages.success(request, f"Milestone added: {milestone}.")
            return redirect("milestones:milestone-detail", slug=system.slug, pk=milestone.pk)
    has_workstreams = _workstreams(request, system).filter(withdrawn_on=None).exists()
    context = {"form": form, "has_workstreams": has_workstreams}
    return render(request, "milestones/milestone_form.html", context)


def _get_milestone(request, system, pk: int) -> Milestone:
    return authz.get_visible_or_404(
        request.user,
        _milestones(request, system).select_related("workstream__plan"),
        pk=pk,
    )


@system_view
def milestone_edit(request, system, pk: int):
    milestone = _get_milestone(request, system, pk)
    require(authz.can_administer(request.user, system))
    if milestone.is_withdrawn:
        return _kept_as_it_was(request, system, milestone)
    fields = [name for name in MilestoneForm.base_fields if name != "baseline_on"]
    guard = EditGuard(request, milestone)
    form = guard.attach(
        _milestone_form(
            request,
            system,
            milestone,
            with_baseline=False,
            initial=model_to_dict(milestone, fields=fields),
        )
    )
    if request.method == "POST" and form.is_valid():
        try:
            guard.write(
                lambda: services.milestone_update(
                    actor=request.user, milestone=milestone, **form.cleaned_data
                )
            )
        except ValidationError as error:
            add_service_error(form, error, UNIQUE_ERRORS)
            milestone = _get_milestone(request, system, pk)
        else:
            messages.success(request, f"Milestone updated: {milestone}.")
            return redirect("milestones:milestone-detail", slug=system.slug, pk=pk)
    context = {"form": form, "milestone": milestone, "has_workstreams": True}
    return render(request, "milestones/milestone_form.html", context)


@system_view
def milestone_withdraw(request, system, pk: int):
    milestone = _get_milestone(request, system, pk)
    require(authz.can_administer(request.user, system))
    return _withdraw_page(
        request,
        system,
        milestone,
        lambda **kw: services.milestone_withdraw(milestone=milestone, **kw),
        kind="milestone",
        counts_note="It is no longer counted in the RAG figures, the dashboard or the report, "
        "nor offered in the monthly update; the milestone list shows it when asked for "
        "withdrawn milestones.",
    )


@system_view
def workstream_withdraw(request, system, pk: int):
    workstream = _get_workstream(request, system, pk)
    require(authz.can_administer(request.user, system))
    return _withdraw_page(
        request,
        system,
        workstream,
        lambda **kw: services.workstream_withdraw(workstream=workstream, **kw),
        kind="workstream",
        counts_note="Its milestones are kept too, and no longer counted in the RAG figures, the "
        "dashboard or the report. No milestone can be added to it.",
    )


# Gateways ---------------------------------------------------------------------------------------


def _gateways(request, system):
    return authz.scoped(request.user, Gateway).filter(plan__system=system)


def _get_gateway(request, system, pk: int) -> Gateway:
    return authz.get_visible_or_404(
        request.user, _gateways(request, system).select_related("plan"), pk=pk
    )


@system_view
def gateway_list(request, system):
    show = parse_choice(request.GET, "withdrawn", ["", "include"])
    gateways = _gateways(request, system).select_related("plan").order_by("plan__title", "number")
    if show != "include":
        gateways = gateways.filter(withdrawn_on=None)
    file_format = requested_format(request)
    if file_format:
        filters = [("Withdrawn gateways", "Included")] if show == "include" else []
        return export_response(
            request, GATEWAYS, gateways, file_format=file_format, filters=filters
        )
    withdrawn = _gateways(request, system).exclude(withdrawn_on=None).count()
    context = {
        "gateways": gateways,
        "show_withdrawn": show == "include",
        "withdrawn_count": withdrawn,
        "with_plan": _plans(request, system).count() > 1,
    }
    return render(request, "milestones/gateway_list.html", context)


@system_view
@submitted_once
def gateway_create(request, system):
    require(authz.can_administer(request.user, system))
    plans = list(_plans(request, system).values_list("pk", flat=True))
    plan = _initial_pk(request, "plan") or (plans[0] if len(plans) == 1 else None)
    form = GatewayForm(
        request.POST or None, querysets={"plan": _plans(request, system)}, initial={"plan": plan}
    )
    if request.method == "POST" and form.is_valid():
        try:
            gateway = services.gateway_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error, UNIQUE_ERRORS)
        else:
            messages.success(request, f"Gateway added: {gateway}.")
            return redirect("milestones:gateway-detail", slug=system.slug, pk=gateway.pk)
    context = {"form": form, "has_plans": plans}
    return render(request, "milestones/gateway_form.html", context)


@system_view
def gateway_detail(request, system, pk: int):
    gateway = _get_gateway(request, system, pk)
    if download := history_download(request, gateway, lambda: history_rows(gateway, None)):
        return download
    context = {
        "gateway": gateway,
        "milestones": gateway.milestones.select_related("workstream").order_by(
            querysets.UNDATED_LAST, "title"
        ),
        "may_change": authz.can_administer(request.user, system) and not gateway.is_withdrawn,
        "history": history_rows(gateway),
        "history_downloads": True,
    }
    return render(request, "milestones/gateway_detail.html", context)


@system_view
def gateway_edit(request, system, pk: int):
    gateway = _get_gateway(request, system, pk)
    require(authz.can_administer(request.user, system))
    if gateway.is_withdrawn:
        return _kept_as_it_was(request, system, gateway)
    guard = EditGuard(request, gateway)
    form = guard.attach(
        GatewayForm(
            request.POST or None,
            querysets={},
            correcting=True,
            initial=model_to_dict(gateway, fields=["number", "name", "from_date", "objectives"]),
        )
    )
    if request.method == "POST" and form.is_valid():
        changes, reason = form.changes()
        try:
            guard.write(
                lambda: services.gateway_update(
                    actor=request.user, gateway=gateway, reason=reason, **changes
                )
            )
        except ValidationError as error:
            add_service_error(form, error, UNIQUE_ERRORS)
            gateway = _get_gateway(request, system, pk)
        else:
            messages.success(request, f"Gateway corrected: {gateway}.")
            return redirect("milestones:gateway-detail", slug=system.slug, pk=pk)
    return render(request, "milestones/gateway_form.html", {"form": form, "gateway": gateway})


@system_view
def gateway_withdraw(request, system, pk: int):
    gateway = _get_gateway(request, system, pk)
    require(authz.can_administer(request.user, system))
    return _withdraw_page(
        request,
        system,
        gateway,
        lambda **kw: services.gateway_withdraw(gateway=gateway, **kw),
        kind="gateway",
        counts_note="Its milestones keep it, and it is no longer offered for milestones.",
    )
