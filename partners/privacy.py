"""A person's data on request (subject access) and their identity erased, each audited.

Who may ask: a system's programme office, for a person of its system and only that system's
data; a platform operator (superuser), for the person across every system (``every_system``).
Each request is recorded (``PersonalDataRequest``: who, when, why, what it held or changed).

An erasure replaces the person's identity with a stable pseudonym (``core.erasure``) in their
records in the systems asked about (the records of the same account or e-mail address), every
text that names them and the history of both, and closes their account. The governance record
keeps its rows, posts and organisations, so attendance, quorum and decisions are as they were.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import authz, security
from core.audit import save_tracked, system_actor
from core.erasure import Erasure, pseudonym, run_steps, sweep
from core.scoping import unscoped
from core.subject_access import Subject, subject_access_zip
from partners.models import Access, ApiToken, Person, PersonalDataRequest
from partners.services import access_ended_event, check_keeps_programme_office, token_event

ERASED_USERNAME = "erased-"


def linked_people(person: Person, *, every_system: bool) -> list[Person]:
    """The person's records: this one and those of the same account or e-mail address, in its
    system (or, ``every_system``, in any)."""
    same = Q(pk=person.pk)
    if person.user_id:
        same |= Q(user_id=person.user_id)
    if person.email:
        same |= Q(email__iexact=person.email)
    people = Person._base_manager.filter(same)
    if not every_system:
        people = people.filter(system_id=person.system_id)
    return list(people.select_related("system", "user").order_by("pk"))


def _subject(person: Person, *, every_system: bool) -> Subject:
    people = linked_people(person, every_system=every_system)
    user = next((p.user for p in people if p.user_id), None)
    systems = None if every_system else frozenset({person.system_id})
    return Subject(people=tuple(people), user=user, system_ids=systems)


def subject_access_file(
    *, actor, person: Person, every_system: bool, reason: str
) -> tuple[bytes, PersonalDataRequest]:
    """The person's data as a ZIP (JSON and a workbook), and the request's record."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why: e.g. the request's reference."})
    subject = _subject(person, every_system=every_system)
    now = timezone.now()
    about = [
        ("What", "Personal data held by the governance tracker (a subject access request)"),
        ("About", person.name or person.title),
        ("Systems", "Every system" if every_system else person.system.name),
        ("Made by", actor.get_full_name() or actor.username),
        ("Made at", timezone.localtime(now).strftime("%-d %b %Y %H:%M")),
    ]
    data = subject_access_zip(subject, about=about)
    request = PersonalDataRequest(
        system=person.system,
        person=person,
        kind=PersonalDataRequest.Kind.SUBJECT_ACCESS,
        every_system=every_system,
        reason=reason.strip(),
        counts={"records": len(subject.people), "bytes": len(data)},
        made_by=actor,
        made_at=now,
    )
    save_tracked(request, actor=actor, reason="Subject access file made")
    return data, request


def erasure_refusal(person: Person, *, actor, every_system: bool) -> str:
    """Why ``actor`` may not make this erasure here, or "": a programme office cannot change the
    person's records in another system, nor end an access it may not end otherwise (erasing
    closes the account), so there a platform operator must."""
    if every_system:
        return ""
    people = linked_people(person, every_system=True)
    elsewhere = [p for p in people if p.system_id != person.system_id]
    if elsewhere:
        return (
            "This person also has records in another system: only a platform operator can "
            "erase them, in every system at once."
        )
    users = {p.user for p in people if p.user_id}
    if any(user.is_superuser or user.is_staff for user in users):
        return (
            "This person signs in as a platform operator: only another platform operator can "
            "erase them, in every system at once."
        )
    users = {user.pk for user in users}
    if Access.objects.filter(user_id__in=users).exclude(system_id=person.system_id).exists():
        # Erasing closes their account, and with it their access to every system.
        return (
            "This person's account also has access to another system: only a platform "
            "operator can erase them, in every system at once."
        )
    return _access_refusal(actor, users)


def _access_refusal(actor, user_ids: set[int]) -> str:
    """Erasing closes the account and ends its accesses: each must be one the actor may end
    (``partners.services``' rules for ending an access: never their own or a regulator's, and
    never the last programme office's)."""
    for access in authz.current_accesses().filter(user_id__in=user_ids):
        if not authz.can_change_access(actor, access):
            return (
                "Erasing their identity closes their account, and their access here is one "
                "you may not end (your own, or a regulator's): only a platform operator can "
                "erase them."
            )
        try:
            with transaction.atomic():
                check_keeps_programme_office(access, role=None, system_id=None)
        except ValidationError:
            return (
                "Erasing their identity closes their account, and they are the system's last "
                "programme office whose access is not set to end: give another the role first."
            )
    return ""


def person_erase(*, actor, person: Person, reason: str, every_system: bool) -> PersonalDataRequest:
    """Replace the person's identity (``every_system``: in every system, else in theirs alone,
    refused if they have records elsewhere); recorded with ``reason``."""
    # Every table is rewritten, whatever the caller's scope: the person's systems were checked.
    with unscoped(), transaction.atomic():
        return _erase(actor=actor, person=person, reason=reason, every_system=every_system)


def _erase(*, actor, person: Person, reason: str, every_system: bool) -> PersonalDataRequest:
    if not reason.strip():
        raise ValidationError({"reason": "Say why: e.g. the request's reference."})
    if refusal := erasure_refusal(person, actor=actor, every_system=every_system):
        raise ValidationError(refusal)
    people = linked_people(person, every_system=every_system)
    name = pseudonym(f"partners.person:{people[0].pk}")
    if all(p.name == name and not p.email for p in people):
        raise ValidationError("This person's identity has already been erased.")
    user = next((p.user for p in people if p.user_id), None)
    terms = {p.name for p in people} | {p.email for p in people}
    # A name or address they had before (history holds it, and pages as recorded show it) is
    # theirs too: "Jo Bloggs" renamed "Jo Smith" is erased under both.
    before = Person.history.model.objects.filter(id__in=[p.pk for p in people])
    for former_name, former_email in before.values_list("name", "email").distinct():
        terms |= {former_name, former_email}
    if user is not None:
        terms |= {user.get_full_name(), user.email}
        # A username like "jane.smith" names them; one like "chair" is a word used elsewhere,
        # and history shows the account renamed anyway.
        if re.search(r"[^A-Za-z]", user.username):
            terms.add(user.username)
    erasure = Erasure(
        pseudonym=name,
        terms=tuple(t for t in terms if t),
        skip=frozenset({"partners.Person"}),
        user_id=user.pk if user is not None else None,
        person_ids=frozenset(p.pk for p in people),
        system_ids=None if every_system else frozenset({person.system_id}),
        actor=actor,
        reason=reason,
    )
    pattern = erasure.pattern()
    sweep(erasure)
    history = Person.history.model.objects.filter(id__in=[p.pk for p in people])
    for row in history:
        cause = row.history_change_reason or ""
        history.filter(pk=row.pk).update(
            name=name if row.name else "",
            email="",
            history_change_reason=pattern.sub(name, cause) if pattern else cause,
        )
    for each in people:
        each.name, each.email = name, ""
        save_tracked(each, actor=actor, reason="Identity erased: replaced by a pseudonym")
    if user is not None:
        account_anonymise(user=user, actor=actor, reason="Identity erased", name=name)
    run_steps(erasure)
    rewritten = sum(len(pks) for pks in erasure.changed.values())
    request = PersonalDataRequest(
        system=person.system,
        person=person,
        kind=PersonalDataRequest.Kind.ERASURE,
        every_system=every_system,
        reason=pattern.sub(name, reason.strip()) if pattern else reason.strip(),
        pseudonym=name,
        counts={"records": len(people), "rows rewritten": rewritten},
        made_by=actor,
        made_at=timezone.now(),
    )
    save_tracked(request, actor=actor, reason="Identity erased")
    return request


def account_anonymise(*, user, actor, reason: str, name: str | None = None) -> None:
    """Close the account: no sign-in, no access, no token; its name, e-mail address and
    username replaced by the pseudonym (history then names it so as the author of changes)."""
    name = name or pseudonym(f"auth.user:{user.pk}")
    actor = actor or system_actor()
    code = name.rsplit(" ", 1)[-1]
    user.username = f"{ERASED_USERNAME}{code.lower()}"
    user.first_name, user.last_name = name.rsplit(" ", 1)
    user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    today = timezone.localdate()
    # Each access ended and token revoked is a security event in its system, as when the
    # programme office ends an access or revokes a token itself.
    for access in Access.objects.filter(user=user).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=today)
    ):
        access.ends_on, access.end_reason = today, reason
        save_tracked(access, actor=actor, reason=reason)
        access_ended_event(actor, access, today, reason)
    for token in ApiToken.objects.filter(user=user, revoked_at__isnull=True):
        token.revoked_at, token.revoked_reason = timezone.now(), reason
        save_tracked(token, actor=actor, reason=reason)
        token_event(security.Kind.TOKEN_REVOKED, actor, token, reason=reason)
    authz.forget_accesses(user)
