"""What partners holds about people: their records, accounts, access, invitations, sign-ins.

Retention (core.retention), and the subject access file's sections (core.subject_access).
"""

from datetime import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Max, Q

from core.audit import SYSTEM_ACTOR_USERNAME
from core.retention import retention
from core.subject_access import Subject, section
from partners.models import Access, Invitation, Person
from partners.privacy import account_anonymise


@retention(
    "person_history",
    "Earlier versions of a person's details",
    days=2 * 365,
    action="Deleted; the person's current details and who changed them when are kept.",
)
def person_history(before: datetime, apply: bool) -> int:
    history = Person.history.model.objects
    latest = history.values("id").annotate(last=Max("history_id")).values("last")
    past = history.filter(history_date__lt=before).exclude(history_id__in=latest)
    count = past.count()
    if apply:
        past.delete()
    return count


@retention(
    "sign_in_logs",
    "Sign-in records (usernames, addresses, browsers)",
    days=365,
    action="Deleted.",
)
def sign_in_logs(before: datetime, apply: bool) -> int:
    count = 0
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        past = model.objects.filter(attempt_time__lt=before)
        count += past.count()
        if apply:
            past.delete()
    return count


@retention(
    "ended_access",
    "Accounts whose every access has ended",
    days=365,
    action="The account is closed and its name, e-mail address and username replaced by a "
    "pseudonym; the records it made keep it as their author.",
)
def ended_access(before: datetime, apply: bool) -> int:
    live = Access.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=before.date()))
    users = (
        get_user_model()
        .objects.filter(accesses__isnull=False, is_superuser=False, is_staff=False)
        .exclude(pk__in=live.values("user_id"))
        .exclude(username=SYSTEM_ACTOR_USERNAME)
        .exclude(username__startswith="erased-")
        .distinct()
    )
    count = 0
    for user in users:
        count += 1
        if apply:
            account_anonymise(user=user, actor=None, reason="Retention: every access ended")
    return count


def _person_row(person: Person) -> dict:
    return {
        "System": person.system.name,
        "Name": person.name,
        "Post": person.title,
        "Organisation": person.organisation.name if person.organisation_id else "",
        "E-mail address": person.email,
        "Account": person.user.username if person.user_id else "",
    }


@section("Person records", order=10)
def person_records(subject: Subject) -> list[dict]:
    people = Person.objects.filter(pk__in=subject.person_ids).select_related(
        "system", "organisation", "user"
    )
    return [_person_row(person) for person in people.order_by("system__name", "pk")]


@section("Account", order=11)
def account(subject: Subject) -> list[dict]:
    user = subject.user
    if user is None:
        return []
    return [
        {
            "Username": user.username,
            "First name": user.first_name,
            "Last name": user.last_name,
            "E-mail address": user.email,
            "Active": user.is_active,
            "Joined": user.date_joined,
            "Last signed in": user.last_login,
        }
    ]


@section("Access", order=12)
def accesses(subject: Subject) -> list[dict]:
    if subject.user is None:
        return []
    rows = Access.objects.filter(user=subject.user, **subject.in_systems("system"))
    return [
        {
            "System": access.system.name,
            "Role": access.get_role_display(),
            "Organisation led": access.organisation.name if access.organisation_id else "",
            "Ends on": access.ends_on,
            "Why it ended": access.end_reason,
        }
        for access in rows.select_related("system", "organisation").order_by("system__name")
    ]


@section("Invitations", order=13)
def invitations(subject: Subject) -> list[dict]:
    emails = {p.email.lower() for p in subject.people if p.email}
    if subject.user is not None and subject.user.email:
        emails.add(subject.user.email.lower())
    if not emails:
        return []
    found = Q()
    for email in emails:
        found |= Q(email__iexact=email)
    rows = Invitation.objects.filter(found, **subject.in_systems("system"))
    return [
        {
            "System": invitation.system.name,
            "E-mail address": invitation.email,
            "Role": invitation.get_role_display(),
            "Sent": invitation.sent_at,
            "Accepted": invitation.accepted_at,
            "Revoked": invitation.revoked_at,
        }
        for invitation in rows.select_related("system").order_by("created_at")
    ]


@section("History of their person records", order=80)
def person_history_rows(subject: Subject) -> list[dict]:
    rows = Person.history.filter(id__in=subject.person_ids).select_related("history_user")
    return [
        {
            "Record": row.id,
            "When": row.history_date,
            "Change": {"+": "Created", "~": "Changed", "-": "Deleted"}[row.history_type],
            "Name": row.name,
            "Post": row.title,
            "E-mail address": row.email,
            "Reason": row.history_change_reason or "",
        }
        for row in rows.order_by("id", "history_date")
    ]


@section("Changes recorded against their account", order=90)
def changes_made(subject: Subject) -> list[dict]:
    """Every history row whose author is their account; for one system's request, only the
    kinds of record that carry their system, in that system."""
    if subject.user is None:
        return []
    rows = []
    for model in apps.get_models():
        if not hasattr(model, "instance_type"):
            continue
        names = {f.attname for f in model._meta.concrete_fields}
        if subject.system_ids is not None and "system_id" not in names:
            continue
        found = model.objects.filter(history_user=subject.user, **subject.in_systems("system_id"))
        for row in found.order_by("history_date").values(
            "id", "history_date", "history_type", "history_change_reason"
        ):
            rows.append(
                {
                    "Kind of record": model.instance_type._meta.verbose_name,
                    "Record": row["id"],
                    "When": row["history_date"],
                    "Change": row["history_type"],
                    "Reason": row["history_change_reason"] or "",
                }
            )
    return sorted(rows, key=lambda row: row["When"])
