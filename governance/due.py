"""The governance deadlines that fall to someone (registered with ``core.due``).

Agreements, their signatures and notices, and terms of reference are the programme office's to
keep (it records them; partner leads edit only their organisation's milestones, updates and
responses), so these kinds are the office's; actions are their owner's. Each reads only the
columns its items are made of (most of a small query's cost is the columns it names).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from core.due import Due, Holders, horizon, register, thing_key
from core.roles import Role
from governance import rules
from governance.models import (
    ACTION_OUTSTANDING,
    AWAITING_SIGNATURE,
    ENDED_ON_PURPOSE,
    Action,
    Agreement,
    Party,
    TermsOfReference,
    terms_to_review_on,
)


def _in(queryset, system_ids, path: str = "system_id"):
    return queryset if system_ids is None else queryset.filter(**{f"{path}__in": system_ids})


def _agreement_url(agreement: Agreement) -> str:
    return reverse("governance:agreement-detail", args=[agreement.system.slug, agreement.pk])


@register("action", "Actions due", roles=None)  # for its owner, whatever their role
def actions_due(as_at: date, system_ids: frozenset[int] | None) -> list[Due]:
    """Open actions due by the end of the "due soon" window, for their owner when the owner has
    an account. Done, cancelled and withdrawn actions ask nothing of anyone."""
    actions = (
        Action.objects.filter(
            ACTION_OUTSTANDING,
            due_on__isnull=False,
            due_on__lte=horizon(as_at),
            owner__user__isnull=False,
        )
        .select_related("meeting__committee__system", "owner")
        .only(
            "description",
            "due_on",
            "meeting__committee__name",
            "meeting__committee__system__slug",
            "owner__user",
        )
        .order_by("due_on", "pk")
    )
    actions = _in(actions, system_ids, "meeting__committee__system_id")
    return [
        Due(
            kind="action",
            system_id=action.meeting.committee.system_id,
            key=thing_key(action),
            title=f"Action from {action.meeting.committee.name}: {action}",
            due_on=action.due_on,
            url=reverse(
                "governance:meeting-detail",
                args=[action.meeting.committee.system.slug, action.meeting_id],
            ),
            user_ids=frozenset({action.owner.user_id}),
        )
        for action in actions
    ]


@register("signature", "Signatures outstanding", roles=(Role.PROGRAMME_OFFICE,))
def signatures_outstanding(as_at: date, system_ids: frozenset[int] | None) -> list[Due]:
    """Agreements out for signature, or in effect, that a party has not signed: for the
    programme office, which chases and records signatures. A draft is not yet out for signature,
    so it asks no one. Due on the date the agreement takes effect; one out for signature with no
    such date wants its signatures now (due on the day asked about), as no source gives a date.
    A party removed, or that has given notice of withdrawal, is not chased."""
    unsigned = Party.objects.filter(
        AWAITING_SIGNATURE, agreement=OuterRef("pk"), withdrawal_notice_given_on__isnull=True
    )
    agreements = (
        _in(Agreement.objects.all(), system_ids)
        .filter(
            status__in=[rules.AgreementStatus.OUT_FOR_SIGNATURE, rules.AgreementStatus.IN_EFFECT]
        )
        .filter(Exists(unsigned))
        .filter(Q(effective_on__isnull=True) | Q(effective_on__lte=horizon(as_at)))
        .exclude(expires_on__lt=as_at)
        .select_related("system")
        .only("title", "effective_on", "system__slug")
        .order_by("pk")
    )
    holders = Holders(system_ids, Role.PROGRAMME_OFFICE)
    return [
        Due(
            kind="signature",
            system_id=agreement.system_id,
            key=thing_key(agreement),
            title=f"Signatures outstanding: {agreement.title}",
            due_on=agreement.effective_on or as_at,
            url=_agreement_url(agreement),
            user_ids=holders.office(agreement.system_id),
        )
        for agreement in agreements
    ]


@register(
    "agreement_review",
    "Agreements reaching review or expiry",
    roles=(Role.PROGRAMME_OFFICE,),
)
def agreements_reaching_review(as_at: date, system_ids: frozenset[int] | None) -> list[Due]:
    """An agreement's review date and its expiry date (the Cambridgeshire and Peterborough MoU:
    31 March 2021), for the programme office, from 14 days before. A review stays overdue until
    the office records the next review date; an expiry stays overdue while the agreement is
    still recorded as in effect (renew, supersede or record that it expired). Ended ones
    (terminated, superseded) ask nothing."""
    soon = horizon(as_at)
    agreements = (
        _in(Agreement.objects.all(), system_ids)
        .exclude(status__in=ENDED_ON_PURPOSE)
        .filter(
            Q(review_on__lte=soon)
            | Q(expires_on__gte=as_at, expires_on__lte=soon)
            | Q(expires_on__lt=as_at, status=rules.AgreementStatus.IN_EFFECT)
        )
        .select_related("system")
        .only("title", "status", "review_on", "expires_on", "system__slug")
        .order_by("pk")
    )
    holders = Holders(system_ids, Role.PROGRAMME_OFFICE)
    found = []
    for agreement in agreements:
        dates = []
        if agreement.review_on is not None and agreement.review_on <= soon:
            dates.append(("Review due", agreement.review_on))
        expires = agreement.expires_on
        if (
            expires is not None
            and expires <= soon
            and (expires >= as_at or agreement.status == rules.AgreementStatus.IN_EFFECT)
        ):
            dates.append(("Expires", expires))
        found.extend(
            Due(
                kind="agreement_review",
                system_id=agreement.system_id,
                key=thing_key(agreement),
                title=f"{what}: {agreement.title}",
                due_on=on,
                url=_agreement_url(agreement),
                user_ids=holders.office(agreement.system_id),
            )
            for what, on in dates
        )
    return found


@register("terms_review", "Terms of reference to review", roles=(Role.PROGRAMME_OFFICE,))
def terms_to_review(as_at: date, system_ids: frozenset[int] | None) -> list[Due]:
    """The terms of reference in force (the latest version to have taken effect) whose review
    date has come or comes within 14 days (Cumbria's "reviewed March 2017" is held as
    1 March 2017), for the programme office, until a new version is recorded. A committee that
    stood down has nothing to review."""
    terms = (
        _in(TermsOfReference.objects.all(), system_ids, "committee__system_id")
        .filter(terms_to_review_on(as_at), review_on__lte=horizon(as_at))
        .select_related("committee__system")
        .only("version", "review_on", "committee__name", "committee__system__slug")
        .order_by("pk")
    )
    holders = Holders(system_ids, Role.PROGRAMME_OFFICE)
    return [
        Due(
            kind="terms_review",
            system_id=each.committee.system_id,
            key=thing_key(each),
            title=f"Review the terms of reference of {each.committee.name} "
            f"(version {each.version})",
            due_on=each.review_on,
            url=reverse(
                "governance:committee-detail", args=[each.committee.system.slug, each.committee_id]
            ),
            user_ids=holders.office(each.committee.system_id),
        )
        for each in terms
    ]


@register("withdrawal_notice", "Withdrawal notice periods ending", roles=(Role.PROGRAMME_OFFICE,))
def withdrawal_notices_ending(as_at: date, system_ids: frozenset[int] | None) -> list[Due]:
    """A party's notice of withdrawal runs out (Cumbria's MoU: 30 days' notice) on the day
    ``rules.withdrawal_effective_on`` gives: the programme office hears from 14 days before
    until that day, to vary the agreement and its commitments. Once it has run, the party is
    no longer a party: nothing is overdue."""
    parties = (
        _in(Party.objects.all(), system_ids, "agreement__system_id")
        .filter(
            withdrawal_notice_given_on__isnull=False,
            withdrawal_notice_given_on__lte=horizon(as_at),
            withdrawn_on__isnull=True,
        )
        .exclude(agreement__status__in=ENDED_ON_PURPOSE)
        .select_related("agreement__system", "organisation")
        .only(
            "withdrawal_notice_given_on",
            "organisation__name",
            "agreement__title",
            "agreement__withdrawal_notice_days",
            "agreement__system__slug",
        )
        .order_by("pk")
    )
    holders = Holders(system_ids, Role.PROGRAMME_OFFICE)
    found = []
    for party in parties:
        ends_on = party.withdrawal_effective_on
        if as_at <= ends_on <= horizon(as_at):
            found.append(
                Due(
                    kind="withdrawal_notice",
                    system_id=party.agreement.system_id,
                    key=thing_key(party),
                    title=f"{party.organisation.name}'s notice of withdrawal from "
                    f"{party.agreement.title} ends",
                    due_on=ends_on,
                    url=_agreement_url(party.agreement),
                    user_ids=holders.office(party.agreement.system_id),
                )
            )
    return found
