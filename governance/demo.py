"""Demo data for governance: committees, terms of reference, members, meetings, agreements."""

from decimal import Decimal

from core.demo import DemoContext, ensure, parse_date
from governance import services, services_papers
from governance.models import (
    Action,
    AgendaItem,
    Agreement,
    AgreementVersion,
    Attendance,
    Commitment,
    Committee,
    Decision,
    Delegation,
    Meeting,
    Membership,
    Party,
    TermsOfReference,
)
from governance.rules import DeputyRule
from partners.demo import person_ensure
from partners.models import System


def load(files: list[dict], context: DemoContext) -> None:
    for data in files:
        system = context.systems[data["system"]["slug"]]
        committees = _load_committees(data.get("committees", []), system, context)
        for key, committee in committees.items():
            context.objects[("committee", system.slug, key)] = committee
        for item in data.get("meetings", []):
            _load_meeting(item, committees[item["committee"]], system, context)
        for item in data.get("agreements", []):
            _load_agreement(item, system, context)
        for item in data.get("delegations", []):
            _load_delegation(item, committees[item["to_committee"]], context)


def _person(context: DemoContext, system: System, key: str | None):
    return context.people[(system.slug, key)] if key else None


def _load_committees(items: list[dict], system: System, context: DemoContext) -> dict:
    actor = context.actor
    committees = {}
    for item in items:
        values = {
            "short_name": item.get("short_name", ""),
            "kind": item["kind"],
            "stage": item.get("stage", Committee.Stage.ESTABLISHED),
            "cadence": item.get("cadence", ""),
            "purpose": item.get("purpose", ""),
            "delegated_authority": item.get("delegated_authority", ""),
        }
        committees[item["key"]] = ensure(
            Committee.objects.all(),
            {"system": system, "name": item["name"]},
            actor=actor,
            create=services.committee_create,
            **values,
        )
    for item in items:
        committee = committees[item["key"]]
        reports_to = committees.get(item.get("reports_to") or "")
        if committee.reports_to != reports_to:
            services.committee_update(actor=actor, committee=committee, reports_to=reports_to)
        for terms in item.get("terms_of_reference", []):
            _load_terms(terms, committee, context)
        for member in item.get("members", []):
            person = _person(context, system, member["person"])
            organisation = context.organisations.get(member.get("organisation") or "")
            role = member.get("role", Membership.Role.MEMBER)
            ensure(
                Membership.objects.all(),
                {"committee": committee, "person": person, "role": role},
                actor=actor,
                create=services.membership_add,
                organisation=organisation or person.organisation,
                role_on_board=member.get("role_on_board", ""),
                designation=member.get("designation", ""),
                planned=member.get("planned", False),
            )
    return committees


def _load_terms(item: dict, committee: Committee, context: DemoContext) -> None:
    if TermsOfReference.objects.filter(committee=committee, version=item["version"]).exists():
        return  # A version of the terms is never rewritten; a change is a new version.
    quorum = item.get("quorum") or {}
    numerator, denominator = quorum.get("fraction_of_members") or (None, None)
    services.terms_create(
        actor=context.actor,
        committee=committee,
        version=item["version"],
        effective_from=parse_date(item.get("effective_from") or item.get("approved_on")),
        approved_on=parse_date(item.get("approved_on")),
        review_on=parse_date(item.get("review_on")),
        minimum_total=quorum.get("minimum_total", 0),
        deputies=quorum.get("deputies", DeputyRule.NOT_COUNTED),
        chair_or_vice_chair=quorum.get("chair_or_vice_chair", False),
        fraction_numerator=numerator,
        fraction_denominator=denominator,
        named_role=quorum.get("named_role", ""),
        requirements={
            context.organisations[r["organisation"]]: r["minimum"]
            for r in quorum.get("per_organisation", [])
        },
        quorum_text=quorum.get("text", ""),
        source=item.get("source", "")[:300],
    )


def _load_meeting(item: dict, committee: Committee, system: System, context: DemoContext) -> None:
    actor = context.actor
    held_on = parse_date(item["held_on"])
    values = {"location": item.get("location", ""), "status": item.get("status", "held")}
    meeting = ensure(
        Meeting.objects.all(),
        {"committee": committee, "held_on": held_on},
        actor=actor,
        create=services.meeting_create,
        **values,
    )
    for row in item.get("attendance", []):
        person = _person(context, system, row["person"])
        deputy_for = _person(context, system, row.get("deputising_for"))
        membership = (
            Membership.objects.filter(committee=committee, person=deputy_for).first()
            if deputy_for
            else None
        )
        chair_agreed = row.get("chair_agreed", False)
        existing = Attendance.objects.filter(meeting=meeting, person=person).first()
        if existing is None or (
            existing.status,
            existing.deputising_for,
            existing.chair_agreed,
        ) != (row["status"], membership, chair_agreed):
            services.attendance_record(
                actor=actor,
                meeting=meeting,
                person=person,
                status=row["status"],
                deputising_for=membership,
                chair_agreed=chair_agreed,
            )
    for row in item.get("agenda_items", []):
        ensure(
            AgendaItem.objects.all(),
            {"meeting": meeting, "number": row["number"]},
            actor=actor,
            create=services_papers.item_create,
            title=row["title"],
            purpose=row["purpose"],
            presenter=_person(context, system, row.get("presenter")),
            minutes_allowed=row.get("minutes_allowed"),
            confidential=row.get("confidential", False),
        )
    for row in item.get("decisions", []):
        amount = row.get("amount_thousands")
        values = {
            "text": row.get("text", ""),
            "reference": row.get("reference", ""),
            "amount_thousands": Decimal(amount) if amount else None,
        }
        ensure(
            Decision.objects.all(),
            {"meeting": meeting, "title": row["title"]},
            actor=actor,
            create=services.decision_record,
            **values,
        )
    for row in item.get("actions", []):
        owner = _person(context, system, row.get("owner"))
        due_on = parse_date(row.get("due_on"))
        ensure(
            Action.objects.all(),
            {"meeting": meeting, "description": row["description"]},
            actor=actor,
            create=services.action_create,
            owner=owner,
            due_on=due_on,
        )


def _load_agreement(item: dict, system: System, context: DemoContext) -> None:
    actor = context.actor
    values = {
        "kind": item["kind"],
        "status": item.get("status", Agreement.Status.DRAFT),
        "effective_on": parse_date(item.get("effective_on")),
        "expires_on": parse_date(item.get("expires_on")),
        "review_on": parse_date(item.get("review_on")),
        "withdrawal_notice_days": item.get("withdrawal_notice_days"),
        "variation": item.get("variation", ""),
        "expiry": item.get("expiry", ""),
        "report_recipients": (item.get("report_recipients") or {}).get("to", ""),
        "report_recipients_clause": (item.get("report_recipients") or {}).get("clause", ""),
        "binding_clauses": item.get("binding_clauses", []),
        "dispute_resolution": item.get("dispute_resolution", []),
        "source": item.get("source", "")[:300],
    }
    agreement = ensure(
        Agreement.objects.all(),
        {"system": system, "title": item["title"]},
        actor=actor,
        create=services.agreement_create,
        **values,
    )
    for row in item.get("versions", []):
        if not AgreementVersion.objects.filter(agreement=agreement, number=row["number"]).exists():
            services.agreement_version_add(
                actor=actor,
                agreement=agreement,
                number=row["number"],
                issued_on=parse_date(row.get("issued_on")),
                author=row.get("author", ""),
                note=row.get("note", ""),
            )
    for row in item.get("parties", []):
        _load_party(row, agreement, system, context)
    for row in item.get("commitments", []):
        if not Commitment.objects.filter(agreement=agreement, number=row["number"]).exists():
            services.commitment_add(
                actor=actor,
                agreement=agreement,
                number=row["number"],
                text=row["text"],
                owners=[context.organisations[key] for key in row.get("owners", [])],
            )


def _load_party(row: dict, agreement: Agreement, system: System, context: DemoContext) -> None:
    actor = context.actor
    organisation = context.organisations[row["organisation"]]
    party = ensure(
        Party.objects.all(),
        {"agreement": agreement, "organisation": organisation},
        actor=actor,
        create=services.party_add,
        scope=row.get("scope", ""),
    )
    signatory = _person(context, system, row.get("signatory"))
    if signatory is None and (row.get("signatory_name") or row.get("signatory_title")):
        signatory = person_ensure(
            context,
            system,
            name=row.get("signatory_name", ""),
            title=row.get("signatory_title", ""),
            organisation=organisation,
        )
    signed_on = parse_date(row.get("signed_on"))
    if signatory is None or (party.signatory, party.signed_on) == (signatory, signed_on):
        return
    if signed_on:
        services.party_sign(actor=actor, party=party, signatory=signatory, signed_on=signed_on)
    elif party.signed_on is None:
        # Who is to sign, not yet signed (e.g. C&P MoU: "the CEOs/Accountable Officers and Chairs").
        services.party_name_signatory(actor=actor, party=party, signatory=signatory)


def _load_delegation(item: dict, committee: Committee, context: DemoContext) -> None:
    organisation = context.organisations[item["from_organisation"]]
    lookup = {
        "committee": committee,
        "from_organisation": organisation,
        "functions": item["functions"],
    }
    if Delegation.objects.filter(**lookup).exists():
        return
    services.delegation_create(
        actor=context.actor,
        committee=committee,
        from_organisation=organisation,
        functions=item["functions"],
        status=item.get("status", Delegation.Status.PROPOSED),
        effective_from=parse_date(item.get("effective_from")),
        source=item.get("source", "")[:300],
    )
