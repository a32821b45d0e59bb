"""The escalation deadlines that fall to someone (registered with ``core.due``)."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef
from django.urls import reverse

from core.due import Due, Holders, horizon, register, thing_key
from core.roles import Role
from escalation.models import EscalationCase, EscalationStep
from escalation.querysets import CASE_SUBJECT, CASE_SUBJECT_LABEL
from escalation.rules import ACTIVE, CaseStatus

# Waiting for the response its step requires: not yet given, nor the case concluded.
_AWAITING = (CaseStatus.OPEN, CaseStatus.AWAITING_RESPONSE, CaseStatus.STEPPED_UP)


# What the kinds read of a case: its step's periods from when it reached it, whom it asks, its
# system's address and its subject's label.
_READ = (
    "step_since",
    "organisation",
    "route__system__slug",
    "current_step__response_due_days",
    "current_step__escalate_to_organisation",
    "current_step__step_up_after_days",
    "current_step__step_up_after_months",
    *CASE_SUBJECT_LABEL,
)


def _cases(system_ids: frozenset[int] | None):
    cases = (
        EscalationCase.objects.select_related("route__system", "current_step", *CASE_SUBJECT)
        .only(*_READ)
        .order_by("pk")
    )
    return cases if system_ids is None else cases.filter(route__system_id__in=system_ids)


def _url(case: EscalationCase) -> str:
    return reverse("escalation:case-detail", args=[case.route.system.slug, case.pk])


@register(
    "escalation_response",
    "Escalation responses due",
    roles=(Role.PROGRAMME_OFFICE, Role.PARTNER_LEAD),
    essential=True,
)
def responses_due(as_at: date, system_ids: frozenset[int] | None) -> list[Due]:
    """The response a case's current step requires within a number of days of the case reaching
    it (Cambridgeshire and Peterborough: the employer "must rectify within two weeks", 14 days),
    due and overdue until it is given. For the partner leads of the organisation asked to
    respond, else of the organisation the step escalates to (who must answer), else the
    programme office, which may respond for anyone (``authz.can_respond_to_case``). Essential:
    a response the route requires cannot be switched off."""
    holders = Holders(system_ids, Role.PROGRAMME_OFFICE, Role.PARTNER_LEAD)
    cases = _cases(system_ids).filter(
        status__in=_AWAITING,
        current_step__response_due_days__isnull=False,
        step_since__lte=horizon(as_at),
    )
    found = []
    for case in cases:
        due_on = case.response_due_on
        if due_on > horizon(as_at):
            continue
        system_id = case.route.system_id
        organisation_id = case.organisation_id or case.current_step.escalate_to_organisation_id
        found.append(
            Due(
                kind="escalation_response",
                system_id=system_id,
                key=thing_key(case),
                title=f"Response to the escalation of {case.subject_label}",
                due_on=due_on,
                url=_url(case),
                user_ids=holders.leads_else_office(system_id, organisation_id),
            )
        )
    return found


@register("case_step_up", "Escalations that may step up", roles=(Role.PROGRAMME_OFFICE,))
def cases_to_step_up(as_at: date, system_ids: frozenset[int] | None) -> list[Due]:
    """Active cases whose step's agreed period has run, or runs within 14 days (Cumbria's PAG
    MoU: "unresolved after more than one month", from the day after the same date a month on:
    ``rules.earliest_step_up``), and that have a next step to go to. The task offers the
    step-up to the programme office, which alone manages cases (``authz.can_manage_case``).

    Nothing steps up by itself: a route records no rule that it should (``EscalationRoute``
    has no such field, and no seed says so), so a person decides, on the case page."""
    holders = Holders(system_ids, Role.PROGRAMME_OFFICE)
    next_step = EscalationStep.objects.filter(
        route=OuterRef("route"), order__gt=OuterRef("current_step__order")
    )
    cases = (
        _cases(system_ids)
        .filter(status__in=ACTIVE, step_since__lte=horizon(as_at))
        .exclude(
            current_step__step_up_after_days__isnull=True,
            current_step__step_up_after_months__isnull=True,
        )
        .filter(Exists(next_step))
    )
    found = []
    for case in cases:
        due_on = case.step_up_due_on
        if due_on is None or due_on > horizon(as_at):
            continue
        found.append(
            Due(
                kind="case_step_up",
                system_id=case.route.system_id,
                key=thing_key(case),
                title=f"Consider stepping up the escalation of {case.subject_label}",
                due_on=due_on,
                url=_url(case),
                user_ids=holders.office(case.route.system_id),
            )
        )
    return found
