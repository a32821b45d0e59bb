"""Pages for setting up escalation routes and their ordered steps: create (also from an
agreement's dispute clause), correct and withdraw a route; add, correct, move and remove its
steps. Everyone who may see the system reads them; the programme office changes them."""

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core import authz
from core.exports import export_response, requested_format, rows_of
from core.history import HistoryRow, history_download, history_rows
from core.once import submitted_once
from core.pages import require, system_view
from core.params import parse_id, parse_page
from core.record_pages import posted, save
from core.stale import EditGuard
from escalation import querysets, services
from escalation.exports import ROUTES, route_steps
from escalation.models import EscalationCase, EscalationRoute, EscalationStep
from escalation.route_forms import (
    RouteEditForm,
    RouteForm,
    RouteWithdrawForm,
    StepEditForm,
    StepForm,
    StepRemoveForm,
)
from escalation.routing import regulator_routes
from escalation.rules import ACTIVE
from governance.models import Agreement, Commitment, Committee
from milestones.models import Workstream
from partners.models import Organisation, Partnership

PER_PAGE = 25


def _routes(request, system):
    return authz.scoped(request.user, EscalationRoute).filter(system=system)


@system_view
def route_list(request, system):
    """Every route with its steps; as a spreadsheet, one row per step (``exports.ROUTES``)."""
    routes = querysets.routes_for_list(_routes(request, system))
    file_format = requested_format(request)
    if file_format:
        return export_response(
            request, ROUTES, route_steps(rows_of(routes)), file_format=file_format
        )
    page = Paginator(routes, PER_PAGE).get_page(parse_page(request))
    parties = querysets.party_kinds(authz.scoped(request.user, Partnership).filter(system=system))
    context = {"page": page, "regulator_routes": regulator_routes(parties)}
    return render(request, "escalation/route_list.html", context)


def _route(request, system, pk: int) -> EscalationRoute:
    return authz.get_visible_or_404(request.user, _routes(request, system), pk=pk)


def _step(request, system, pk: int) -> EscalationStep:
    steps = authz.scoped(request.user, EscalationStep).filter(route__system=system)
    return authz.get_visible_or_404(request.user, steps.select_related("route"), pk=pk)


def _agreements(request, system):
    return authz.scoped(request.user, Agreement).filter(system=system)


def _parties(request, system):
    return authz.scoped(request.user, Organisation).filter(
        pk__in=Partnership.objects.filter(system=system).values("organisation_id")
    )


def _route_form(form_class, request, system, **kwargs):
    return form_class(
        posted(request),
        agreements=_agreements(request, system),
        organisations=_parties(request, system),
        workstreams=authz.scoped(request.user, Workstream).filter(plan__system=system),
        commitments=authz.scoped(request.user, Commitment)
        .filter(agreement__system=system)
        .select_related("agreement"),
        **kwargs,
    )


def _step_form(form_class, request, system, **kwargs):
    return form_class(
        posted(request),
        committees=authz.scoped(request.user, Committee).filter(system=system),
        organisations=_parties(request, system),
        **kwargs,
    )


def _to_route(system, route_id: int):
    return redirect("escalation:route-detail", slug=system.slug, pk=route_id)


def _from_clause(request, system) -> tuple[Agreement | None, dict]:
    """The agreement named by ``?agreement=`` and what a route set out by its dispute clause
    starts from: the agreement, and a name saying so (the clause's place is the user's to give;
    the agreement records its steps' words, not the paragraph numbers)."""
    agreement_id = parse_id(request.GET, "agreement")
    if agreement_id is None:
        return None, {}
    agreements = _agreements(request, system)
    agreement = authz.get_visible_or_404(request.user, agreements, pk=agreement_id)
    name = f"{agreement.title} dispute resolution"[:200]
    return agreement, {"agreement": agreement.pk, "name": name}


@system_view
@submitted_once
def route_create(request, system):
    require(authz.can_administer(request.user, system))
    agreement, initial = _from_clause(request, system)
    form = _route_form(RouteForm, request, system, initial=initial)
    route = save(
        request,
        form,
        lambda data: services.route_create(actor=request.user, system=system, **data),
    )
    if route is not None:
        messages.success(request, f"Route {route} added: now add its steps in order.")
        return _to_route(system, route.pk)
    context = {
        "form": form,
        "agreement": agreement,
        "clause": agreement.dispute_resolution if agreement else [],
    }
    return render(request, "escalation/route_form.html", context)


def _route_history(route: EscalationRoute, limit: int | None = 50) -> list[HistoryRow]:
    """The route's history and its steps', newest first, each step's row saying which step
    (a removed step's too: its history outlives it); every version with ``limit`` None."""
    rows = history_rows(route, limit)
    records = EscalationStep.history.filter(route_id=route.pk)
    for step_id in sorted(set(records.values_list("id", flat=True))):
        for row in history_rows(EscalationStep(), limit, records=records.filter(id=step_id)):
            label = f"Step {_step_order(records, step_id, row)}"
            changes = tuple(replace(c, field=f"{label}: {c.field}") for c in row.changes)
            rows.append(replace(row, kind=f"{label} {row.kind.lower()}", changes=changes))
    return sorted(rows, key=lambda row: row.when, reverse=True)


def _step_order(records, step_id: int, row: HistoryRow) -> int:
    """The step's place as that version recorded it."""
    version = records.filter(id=step_id, history_date=row.when).values_list("order", flat=True)
    return version.first() or 0


@system_view
def route_detail(request, system, pk: int):
    route = authz.get_visible_or_404(
        request.user, querysets.routes_for_list(_routes(request, system)), pk=pk
    )
    if download := history_download(request, route, lambda: _route_history(route, None)):
        return download
    steps = list(route.steps.all())
    cases = authz.scoped(request.user, EscalationCase).filter(route=route)
    context = {
        "route": route,
        "steps": steps,
        "may_edit": authz.can_administer(request.user, system) and not route.is_withdrawn,
        "case_count": cases.count(),
        "active_count": cases.filter(status__in=ACTIVE).count(),
        "clause": route.agreement.dispute_resolution if route.agreement else [],
        "history": _route_history(route),
        "history_downloads": True,
    }
    return render(request, "escalation/route_detail.html", context)


@system_view
def route_edit(request, system, pk: int):
    route = _route(request, system, pk)
    require(authz.can_administer(request.user, system))
    guard = EditGuard(request, route)
    initial = {name: getattr(route, name) for name in RouteForm.base_fields}
    form = guard.attach(_route_form(RouteEditForm, request, system, initial=initial))
    heading = route.name  # the saved name, if the change is refused

    def write(_data):
        changes, reason = form.changes()
        return guard.write(
            lambda: services.route_update(actor=request.user, route=route, reason=reason, **changes)
        )

    if save(request, form, write) is not None:
        messages.success(request, f"Changes to {route} saved.")
        return _to_route(system, route.pk)
    context = {"form": form, "route": route, "heading": heading}
    return render(request, "escalation/route_form.html", context)


@system_view
def route_withdraw(request, system, pk: int):
    route = _route(request, system, pk)
    require(authz.can_administer(request.user, system))
    form = RouteWithdrawForm(posted(request))
    done = save(
        request,
        form,
        lambda data: services.route_withdraw(
            actor=request.user, route=route, reason=data["reason"]
        ),
    )
    if done is not None:
        messages.success(request, f"{route} withdrawn: it is kept, and no longer offered.")
        return _to_route(system, route.pk)
    return render(request, "escalation/route_withdraw.html", {"form": form, "route": route})


@system_view
@submitted_once
def step_create(request, system, pk: int):
    route = _route(request, system, pk)
    require(authz.can_administer(request.user, system))
    form = _step_form(StepForm, request, system)
    step = save(
        request,
        form,
        lambda data: services.step_append(actor=request.user, route=route, **data),
    )
    if step is not None:
        messages.success(request, f"Step {step.order} added to {route}.")
        return _to_route(system, route.pk)
    context = {
        "form": form,
        "route": route,
        "order": route.steps.count() + 1,
        "clause": route.agreement.dispute_resolution if route.agreement else [],
    }
    return render(request, "escalation/step_form.html", context)


@system_view
def step_edit(request, system, pk: int):
    step = _step(request, system, pk)
    require(authz.can_administer(request.user, system))
    guard = EditGuard(request, step)
    initial = {name: getattr(step, name) for name in StepForm.base_fields}
    form = guard.attach(_step_form(StepEditForm, request, system, initial=initial))

    def write(_data):
        changes, reason = form.changes()
        return guard.write(
            lambda: services.step_update(actor=request.user, step=step, reason=reason, **changes)
        )

    if save(request, form, write) is not None:
        messages.success(request, f"Step {step.order} of {step.route} corrected.")
        return _to_route(system, step.route_id)
    context = {"form": form, "route": step.route, "step": step, "order": step.order}
    return render(request, "escalation/step_form.html", context)


@require_POST
@system_view
def step_move(request, system, pk: int, up: bool):
    step = _step(request, system, pk)
    require(authz.can_administer(request.user, system))
    try:
        services.step_move(actor=request.user, step=step, up=up)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{step.escalate_to_label} is now step {step.order}.")
    return redirect(
        f"{_to_route(system, step.route_id)['Location']}#step-{step.pk}",
    )


@system_view
def step_remove(request, system, pk: int):
    step = _step(request, system, pk)
    require(authz.can_administer(request.user, system))
    form = StepRemoveForm(posted(request))

    def write(data):
        services.step_remove(actor=request.user, step=step, reason=data["reason"])
        return step

    if save(request, form, write) is not None:
        messages.success(request, f"Step removed from {step.route}; the steps after it moved up.")
        return _to_route(system, step.route_id)
    context = {"form": form, "route": step.route, "step": step}
    return render(request, "escalation/step_remove.html", context)
