"""Pages for escalation cases, the routes they follow, and the risk register."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import chain

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from core import as_recorded, authz
from core.exports import export_response, filters_in_words, requested_format, rows_of
from core.forms import add_service_error
from core.history import history_download, history_rows
from core.once import submitted_once
from core.ordering import page_ordering
from core.pages import require, system_view
from core.params import parse_id, parse_page
from escalation import querysets, services
from escalation.exports import CASES, RISKS
from escalation.forms import (
    CaseCreateForm,
    CaseFilterForm,
    CloseForm,
    FlagForm,
    ResolveForm,
    RespondForm,
    RiskFilterForm,
    StepUpForm,
    WithdrawCaseForm,
)
from escalation.models import (
    CaseEvent,
    EscalationCase,
    EscalationRoute,
    EscalationStep,
    Risk,
    RiskMilestone,
    RiskWorkstream,
)
from escalation.rules import ACTIVE, TRANSITIONS, CaseAction, CaseStatus, RiskRating
from milestones.models import Milestone
from milestones.querysets import UNDATED_LAST
from partners.models import Organisation, Partnership

PER_PAGE = 25

STATUS_TAGS = {
    CaseStatus.OPEN: "nhsuk-tag--blue",
    CaseStatus.AWAITING_RESPONSE: "nhsuk-tag--orange",
    CaseStatus.RESPONDED: "nhsuk-tag--aqua-green",
    CaseStatus.STEPPED_UP: "nhsuk-tag--red",
    CaseStatus.RESOLVED: "nhsuk-tag--green",
    CaseStatus.CLOSED: "nhsuk-tag--grey",
    CaseStatus.WITHDRAWN: "nhsuk-tag--grey",
}
RISK_STATUS_TAGS = {Risk.Status.OPEN: "nhsuk-tag--blue", Risk.Status.CLOSED: "nhsuk-tag--grey"}
RATING_TAGS = {
    RiskRating.LOW: "nhsuk-tag--green",
    RiskRating.MODERATE: "nhsuk-tag--yellow",
    RiskRating.HIGH: "nhsuk-tag--orange",
    RiskRating.EXTREME: "nhsuk-tag--red",
}


def _query_without(request: HttpRequest, *names: str) -> str:
    """The current filters as a query string, less ``names`` (so links can replace them)."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


# Cases -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    """A case as the board and lists show it: the derived facts read once, in the view."""

    case: EscalationCase
    tag: str
    age_days: int
    due_on: date | None
    overdue: bool

    @classmethod
    def of(cls, case: EscalationCase, today: date) -> "Card":
        return cls(
            case=case,
            tag=STATUS_TAGS.get(case.status, ""),
            age_days=case.age_days(today),
            due_on=case.response_due_on,
            overdue=querysets.response_overdue(case, today),
        )


def _cases(request, system):
    return authz.scoped(request.user, EscalationCase).filter(route__system=system)


def _routes(request, system):
    return authz.scoped(request.user, EscalationRoute).filter(system=system)


def _filter_cases(cases, filters: dict):
    if "route" in filters:
        cases = cases.filter(route=filters["route"])
    if "step" in filters:
        cases = cases.filter(current_step__order=filters["step"])
    if "status" in filters:
        cases = cases.filter(status=filters["status"])
    if "flagged" in filters:
        cases = cases.filter(flagged_for_chair=filters["flagged"] == "1")
    return cases


@system_view
@as_recorded.recordable
def case_board(request, system):
    """Open cases in one column per step; resolved and closed ones as a list on request. As
    recorded on a past date (``?recorded_on=``, core.as_recorded): the cases as they then
    stood."""
    steps = querysets.step_orders(
        authz.scoped(request.user, EscalationStep).filter(route__system=system)
    )
    form = CaseFilterForm(request.GET, routes=_routes(request, system), steps=steps)
    filters = form.filters()
    cases = _filter_cases(as_recorded.records(request, _cases(request, system)), filters)
    today = request.as_at
    # Only an open case waits for a response: asking for overdue ones leaves the closed out.
    overdue_only = bool(filters.get("overdue"))
    include_closed = not overdue_only and (
        filters.get("closed") or filters.get("status") not in (None, *ACTIVE)
    )
    # A resolved or closed status filter leaves nothing for the board of open cases.
    show_board = filters.get("status") in (None, *ACTIVE)
    file_format = requested_format(request)
    if file_format:
        # The board's cases column by column, then the resolved and closed list, as shown.
        listed = chain(
            (
                case
                for case in rows_of(querysets.cases_for_board(cases.filter(status__in=ACTIVE)))
                if not overdue_only
                or querysets.response_overdue(as_recorded.instance_of(case), today)
            )
            if show_board
            else (),
            rows_of(querysets.closed_cases(cases)) if include_closed else (),
        )
        return export_response(
            request,
            CASES,
            listed,
            file_format=file_format,
            filters=filters_in_words(form),
            row=lambda case: Card.of(as_recorded.instance_of(case), today),
        )
    cards = [
        Card.of(c, today)
        for c in as_recorded.instances(querysets.cases_for_board(cases.filter(status__in=ACTIVE)))
    ]
    if overdue_only:
        cards = [card for card in cards if card.overdue]
    shown_steps = [filters["step"]] if "step" in filters else steps
    columns = [
        (n, [card for card in cards if card.case.current_step.order == n]) for n in shown_steps
    ]
    page = closed = None
    if include_closed:
        page = Paginator(querysets.closed_cases(cases), PER_PAGE).get_page(parse_page(request))
        closed = [Card.of(c, today) for c in as_recorded.instances(page)]
    context = {
        "form": form,
        "columns": columns,
        "open_count": len(cards),
        "include_closed": include_closed,
        "show_board": show_board,
        "page": page,
        "closed": closed,
        "may_raise": request.recorded_on is None and authz.can_manage_case(request.user, system),
    }
    return render(request, "escalation/case_board.html", context)


def _case(request, system, pk: int) -> EscalationCase:
    return authz.get_visible_or_404(
        request.user, querysets.case_detail(_cases(request, system)), pk=pk
    )


@dataclass(frozen=True)
class Action:
    form: type[Form]
    allowed: Callable
    transition: str | None  # the rules' transition, to offer the form only where it applies
    run: Callable
    done: str


ACTIONS: dict[str, Action] = {
    "respond": Action(
        RespondForm,
        authz.can_respond_to_case,
        CaseAction.RESPOND,
        lambda user, case, data: services.case_respond(actor=user, case=case, **data),
        "Response recorded.",
    ),
    "resolve": Action(
        ResolveForm,
        authz.can_manage_case,
        CaseAction.RESOLVE,
        lambda user, case, data: services.case_resolve(actor=user, case=case, **data),
        "Case resolved.",
    ),
    "step_up": Action(
        StepUpForm,
        authz.can_manage_case,
        CaseAction.STEP_UP,
        lambda user, case, data: services.case_step_up(actor=user, case=case, **data),
        "Case stepped up to the next step of its route.",
    ),
    "close": Action(
        CloseForm,
        authz.can_manage_case,
        CaseAction.CLOSE,
        lambda user, case, data: services.case_close(actor=user, case=case, **data),
        "Case closed.",
    ),
    "withdraw": Action(
        WithdrawCaseForm,
        authz.can_manage_case,
        CaseAction.WITHDRAW,
        lambda user, case, data: services.case_withdraw(actor=user, case=case, **data),
        "Case withdrawn: it is kept, with the reason.",
    ),
    "flag": Action(
        FlagForm,
        authz.can_flag_case,
        None,
        lambda user, case, data: services.case_flag(actor=user, case=case, **data),
        "Chair's report flag updated.",
    ),
}


def _action_forms(request, system, case: EscalationCase, bound: dict) -> dict[str, Form]:
    """The action forms this user may use on this case now (a bound one keeps its errors)."""
    forms = {}
    for name, action in ACTIONS.items():
        if not action.allowed(request.user, system, case):
            continue
        if name in bound:
            forms[name] = bound[name]  # refused by a service: shown again with its messages
            continue
        if action.transition and case.status not in TRANSITIONS[action.transition][0]:
            continue
        initial = {"flagged": "0" if case.flagged_for_chair else "1"} if name == "flag" else None
        forms[name] = action.form(prefix=name, initial=initial)
    steps = list(case.route.steps.all())
    if "step_up" in forms and "step_up" not in bound and steps[-1].pk == case.current_step_id:
        del forms["step_up"]  # already at the route's last step
    return forms


def _render_case(
    request, system, case: EscalationCase, bound: dict | None = None, downloads: bool = False
):
    """The case's page; ``downloads`` offers its history as a spreadsheet (on the page's own
    address, not after a refused action's POST)."""
    today = request.as_at
    recorded = as_recorded.recorded_on(request) is not None
    context = {
        "case": case,
        "card": Card.of(case, today),
        "steps": list(case.route.steps.all()),
        "events": [(e, STATUS_TAGS.get(e.to_status, "")) for e in case.events.all()],
        "actions": {} if recorded else _action_forms(request, system, case, bound or {}),
        **as_recorded.record_history(request, case, downloads=downloads),
    }
    return render(request, "escalation/case_detail.html", context)


@system_view
@as_recorded.recordable
def case_detail(request, system, pk: int):
    """A case; as recorded on a past date (``?recorded_on=``, core.as_recorded), its fields
    and event log as they then stood and its history to that day, with no actions."""
    case = _case(request, system, pk)
    day = request.recorded_on
    if day is not None:
        then = as_recorded.version_of(
            _cases(request, system), pk, day, *querysets.CASE_DETAIL_RELATED
        )
        if then is None:
            back = reverse("escalation:case-detail", args=[system.slug, pk])
            return as_recorded.not_yet_recorded(request, case, back=back)
        events = as_recorded.parts_as_recorded(CaseEvent, day, case_id=pk).select_related("by")
        as_recorded.set_parts(then, "events", as_recorded.instances(events))
        return _render_case(request, system, then)
    if download := history_download(request, case, lambda: history_rows(case, None)):
        return download
    return _render_case(request, system, case, downloads=True)


@require_POST
@system_view
def case_action(request, system, pk: int, action: str):
    case = _case(request, system, pk)
    spec = ACTIONS[action]
    require(spec.allowed(request.user, system, case))
    form = spec.form(request.POST, prefix=action)
    if form.is_valid():
        try:
            spec.run(request.user, case, form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, spec.done)
            return redirect("escalation:case-detail", slug=system.slug, pk=case.pk)
    # Read the case again: nothing was saved, and the page shows what is stored.
    return _render_case(request, system, _case(request, system, pk), {action: form})


@system_view
@submitted_once
def case_create(request, system):
    require(authz.can_manage_case(request.user, system))
    form = CaseCreateForm(
        request.POST or None,
        # A risk's page links here with the risk chosen (the form still checks it is one).
        initial={"risk": parse_id(request, "risk")},
        routes=_routes(request, system).filter(withdrawn_on__isnull=True),
        milestones=authz.scoped(request.user, Milestone)
        .filter(workstream__plan__system=system)
        .select_related("workstream")
        .order_by("workstream__code", "workstream__name", UNDATED_LAST, "title"),
        risks=authz.scoped(request.user, Risk).filter(system=system, status=Risk.Status.OPEN),
        organisations=authz.scoped(request.user, Organisation).filter(
            pk__in=Partnership.objects.filter(system=system).values("organisation_id")
        ),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v is not None}
        try:
            case = services.case_raise(actor=request.user, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Case raised: {case.subject_label}.")
            return redirect("escalation:case-detail", slug=system.slug, pk=case.pk)
    return render(request, "escalation/case_form.html", {"form": form})


# Risks -----------------------------------------------------------------------------------------


def _risks(request, system):
    return authz.scoped(request.user, Risk).filter(system=system)


def _filter_risks(risks, filters: dict):
    for field in ("category", "grade", "likelihood", "impact"):
        if field in filters:
            risks = risks.filter(**{field: filters[field]})
    status = filters.get("status")
    if status is None:
        # Withdrawn risks were recorded in error: kept, and listed only when asked for.
        risks = risks.exclude(status=Risk.Status.WITHDRAWN)
    elif status != RiskFilterForm.ALL:
        risks = risks.filter(status=status)
    if "rating" in filters:
        risks = risks.filter(querysets.rating_filter(filters["rating"]))
    return risks


# Each sortable column and the order a first click on it asks for (highest score first).
SORTABLE = {"reference": "reference", "band": "-band", "score": "-score", "review": "review"}


def _sort_links(order: str, query: str) -> dict[str, dict]:
    links = {}
    for column, first in SORTABLE.items():
        if order.lstrip("-") == column:
            descending = order.startswith("-")
            next_order = column if descending else f"-{column}"
            aria = "descending" if descending else "ascending"
        else:
            next_order, aria = first, "none"
        links[column] = {"href": f"?{query + '&' if query else ''}order={next_order}", "aria": aria}
    return links


def _risk_row(risk: Risk) -> tuple[Risk, str]:
    # The colour is the band (H with the high scores); the words are the source's rating.
    return risk, RATING_TAGS.get(risk.band, "nhsuk-tag--grey")


@system_view
@as_recorded.recordable
def risk_list(request, system):
    """The heat map of open risks and the register below it, filtered by a heat map cell; as
    recorded on a past date (``?recorded_on=``, core.as_recorded), both as they then stood."""
    file_format = requested_format(request)
    form = RiskFilterForm(request.GET)
    filters = form.filters()
    order = filters.get("order") or "reference"
    register = as_recorded.records(request, _risks(request, system))
    risks = querysets.risks_for_register(_filter_risks(register, filters))
    ordering = page_ordering(*querysets.RISK_ORDERINGS[order], model=Risk)
    if file_format:
        return export_response(
            request,
            RISKS,
            risks.order_by(*ordering),
            file_format=file_format,
            filters=filters_in_words(form),
            row=as_recorded.instance_of,
        )
    page = Paginator(risks.order_by(*ordering), PER_PAGE).get_page(parse_page(request))
    heat_map = querysets.heat_map(register)
    recorded = request.recorded_on is not None
    context = {
        "form": form,
        "heat_map": heat_map,
        "impacts": querysets.SCALE,
        "page": page,
        "rows": [_risk_row(r) for r in as_recorded.instances(page)],
        "order": order,
        "sorts": _sort_links(order, _query_without(request, "page", "order")),
        "filtered": any(k != "order" for k in filters),
        "may_add": not recorded and authz.can_administer(request.user, system),
    }
    return render(request, "escalation/risk_list.html", context)


@require_safe
@system_view
@as_recorded.recordable
def risk_detail(request, system, pk: int):
    """A risk; as recorded on a past date (``?recorded_on=``, core.as_recorded), its fields,
    links and cases as they then stood and its history to that day, read-only."""
    risk = authz.get_visible_or_404(
        request.user, querysets.risk_detail(_risks(request, system)), pk=pk
    )
    day = request.recorded_on
    if day is not None:
        now, risk = risk, _risk_as_recorded(request, system, pk, day)
        if risk is None:
            back = reverse("escalation:risk-detail", args=[system.slug, pk])
            return as_recorded.not_yet_recorded(request, now, back=back)
    elif download := history_download(request, risk, lambda: history_rows(risk, None)):
        return download
    context = {
        "risk": risk,
        "rating_tag": _risk_row(risk)[1],
        "status_tag": RISK_STATUS_TAGS.get(risk.status, "nhsuk-tag--white"),
        "may_edit": day is None and authz.can_administer(request.user, system),
        "may_raise": day is None
        and risk.status == Risk.Status.OPEN
        and authz.can_manage_case(request.user, system),
        "cases": [Card.of(c, request.as_at) for c in risk.escalations.all()],
        **as_recorded.record_history(request, risk),
    }
    return render(request, "escalation/risk_detail.html", context)


def _risk_as_recorded(request, system, pk: int, day: date) -> Risk | None:
    """The risk as recorded at the end of ``day``, with its workstream and milestone links and
    the cases raised about it as they then stood (five queries), or None before it was."""
    risk = as_recorded.version_of(
        _risks(request, system), pk, day, "owner__organisation", "owner_organisation"
    )
    if risk is None:
        return None
    parts = {
        "workstream_links": as_recorded.parts_as_recorded(
            RiskWorkstream, day, risk_id=pk
        ).select_related("workstream"),
        "milestone_links": as_recorded.parts_as_recorded(
            RiskMilestone, day, risk_id=pk
        ).select_related("milestone__workstream"),
        "escalations": as_recorded.as_recorded(_cases(request, system), day)
        .filter(risk_id=pk)
        .select_related(*querysets.CASE_RELATED)
        .order_by("-raised_on", "id"),
    }
    for name, rows in parts.items():
        as_recorded.set_parts(risk, name, as_recorded.instances(rows))
    return risk
