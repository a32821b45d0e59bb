"""Committees' meetings in the month (quorum from governance.querysets) and agreements'
signatures and expiry at the cut-off (status from governance.rules)."""

from datetime import timedelta

from django.db.models import Prefetch

from governance.models import DECISION_STANDING, ENDED_ON_PURPOSE, Agreement, Decision, Meeting
from governance.querysets import agreements_for_list, meeting_quorums, meetings_for_list
from governance.rules import AgreementStatus, QuorumOutcome, agreement_status_on, plural
from reports.snapshot.common import Period, iso, organisation_label

EXPIRING_WITHIN_DAYS = 90
# Agreements that have ended name no recipients and expire no more. One terminated or superseded
# needs no more signatures (it was ended on purpose, or another replaced it); one that merely
# passed its expiry date unsigned is still unsigned, and is listed with that note.
ENDED = (AgreementStatus.EXPIRED, *ENDED_ON_PURPOSE)
PAST_EXPIRY = "past its expiry date"


def _quorum(meeting: Meeting, outcome: QuorumOutcome | None) -> tuple[bool | None, str, list]:
    """Whether the meeting was quorate, a one-line summary, and the rule part by part."""
    if meeting.status != Meeting.Status.HELD:
        return None, f"{meeting.get_status_display()}: not held.", []
    if outcome is None:
        return None, "Attendance not recorded.", []
    counted = f"{outcome.counted} counted towards quorum"
    if outcome.deputies_excluded:
        counted += f"; {plural(outcome.deputies_excluded, 'deputy')} not counted under these terms"
    if outcome.quorate is None:
        return None, f"No terms of reference in force; {counted}.", []
    reasons = [{"met": c.met, "reason": c.reason} for c in outcome.checks]
    unmet = "; ".join(c.reason for c in outcome.checks if not c.met)
    if outcome.quorate:
        return True, f"Quorate: {counted}.", reasons
    return False, f"Not quorate: {counted}. {unmet}.", reasons


def committees(system, period: Period) -> list[dict]:
    """Meetings dated within the month, by committee (seven queries), each with its quorum
    rule by rule and its decisions but those withdrawn."""
    meetings = list(
        meetings_for_list(
            Meeting.objects.filter(committee__system=system, held_on__gte=period.month).filter(
                held_on__lte=period.cutoff
            )
        ).prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.filter(DECISION_STANDING).order_by("reference", "pk"),
            )
        )
    )
    held = [m for m in meetings if m.status == Meeting.Status.HELD and m.attendances.all()]
    outcomes = {m.pk: outcome for m, outcome in meeting_quorums(held)}
    by_committee: dict[int, dict] = {}
    for meeting in sorted(meetings, key=lambda m: (m.committee.name, m.committee_id, m.held_on)):
        committee = meeting.committee
        entry = by_committee.setdefault(
            committee.pk, {"id": committee.pk, "name": committee.name, "meetings": []}
        )
        quorate, summary, reasons = _quorum(meeting, outcomes.get(meeting.pk))
        entry["meetings"].append(
            {
                "id": meeting.pk,
                "held_on": iso(meeting.held_on),
                "status": meeting.status,
                "quorate": quorate,
                "quorum_summary": summary,
                "quorum_reasons": reasons,
                "decisions": [
                    {"reference": d.reference, "title": d.title} for d in meeting.decisions.all()
                ],
            }
        )
    return list(by_committee.values())


def agreements(system, period: Period) -> dict:
    """Signatures outstanding at the cut-off, agreements expiring within 90 days of it, and whom
    the report goes to as the agreements in force say (two queries).

    Every agreement not signed by all its parties is listed unless it was terminated or
    superseded: an unsigned draft past its expiry date is still unsigned (Cambridgeshire and
    Peterborough's MoU, a DRAFT with no signatures, seed 004), so it is listed with that note,
    and an agreement with no parties recorded is listed as such rather than counted as signed."""
    rows = sorted(
        agreements_for_list(Agreement.objects.filter(system=system)),
        key=lambda a: (a.title, a.pk),
    )
    horizon = period.cutoff + timedelta(days=EXPIRING_WITHIN_DAYS)
    unsigned, expiring, recipients = [], [], []
    for agreement in rows:
        status = agreement_status_on(agreement.status, agreement.expires_on, period.cutoff)
        ended = status in ENDED
        if agreement.report_recipients and not ended:
            # Whom the chair's monthly report goes to, in the agreement's words (West Norfolk
            # JWA s.4: "monthly reports to Monitor and NHS(E)").
            recipients.append(
                {
                    "to": agreement.report_recipients,
                    "agreement": agreement.title,
                    "clause": agreement.report_recipients_clause,
                }
            )
        if status in ENDED_ON_PURPOSE:
            continue
        # A party removed by the cut-off (recorded in error, or it never signed) is not one.
        parties = sorted(
            (p for p in agreement.parties.all() if not p.is_removed_on(period.cutoff)),
            key=lambda p: (p.organisation.name, p.pk),
        )
        outstanding = [
            organisation_label(p.organisation)
            for p in parties
            if p.is_party_on(period.cutoff) and (p.signed_on is None or p.signed_on > period.cutoff)
        ]
        if outstanding or not parties:
            unsigned.append(
                {
                    "id": agreement.pk,
                    "title": agreement.title,
                    "outstanding": outstanding,
                    "parties_recorded": bool(parties),
                    "note": PAST_EXPIRY if status == AgreementStatus.EXPIRED else "",
                }
            )
        if not ended and agreement.expires_on is not None and agreement.expires_on <= horizon:
            expiring.append(
                {
                    "id": agreement.pk,
                    "title": agreement.title,
                    "expires_on": iso(agreement.expires_on),
                }
            )
    expiring.sort(key=lambda a: (a["expires_on"], a["title"], a["id"]))
    return {
        "recorded": len(rows),
        "unsigned": unsigned,
        "expiring": expiring,
        "recipients": recipients,
    }
