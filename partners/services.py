"""Writes for partners. Keyword-only, atomic, and recorded in history against ``actor``."""

import hashlib
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core import authz, security
from core.audit import delete_tracked, display_name, save_tracked, update_tracked
from core.roles import Role
from core.scoping import scope
from core.services import check_changes
from partners.models import (
    Access,
    AccessReview,
    ApiToken,
    Invitation,
    Organisation,
    Partnership,
    Person,
    System,
)


@transaction.atomic
def system_create(
    *,
    actor,
    slug: str,
    name: str,
    short_name: str,
    region: str,
    stage: str,
    opens_as_at: date | None = None,
) -> System:
    system = System(
        slug=slug,
        name=name,
        short_name=short_name,
        region=region,
        stage=stage,
        opens_as_at=opens_as_at,
    )
    return save_tracked(system, actor=actor)


@transaction.atomic
def organisation_create(
    *,
    actor,
    name: str,
    short_name: str,
    kind: str,
    ods_code: str = "",
    statutory: bool = True,
) -> Organisation:
    organisation = Organisation(
        name=name,
        short_name=short_name,
        kind=kind,
        ods_code=ods_code.strip().upper(),
        statutory=statutory,
    )
    return save_tracked(organisation, actor=actor)


# What each update may change. Never the system: a record does not move between systems.
ORGANISATION_EDITABLE = {"name", "short_name", "ods_code", "kind", "statutory"}
PERSON_EDITABLE = {"name", "title", "organisation", "email", "user"}
PARTNERSHIP_EDITABLE = {"role", "scope_note", "oversees", "joined_on", "left_on"}


@transaction.atomic
def organisation_update(*, actor, organisation: Organisation, **changes) -> Organisation:
    check_changes("organisation_update", changes, ORGANISATION_EDITABLE)
    if "ods_code" in changes:
        changes["ods_code"] = changes["ods_code"].strip().upper()
    update_tracked(organisation, actor=actor, **changes)
    return organisation


@transaction.atomic
def partnership_create(
    *,
    actor,
    system: System,
    organisation: Organisation,
    role: str = "",
    scope_note: str = "",
    oversees: str = "",
    joined_on: date | None = None,
) -> Partnership:
    """An organisation's place in a system; a regulator's names the kind of organisation it
    oversees there (``oversees``), which decides the escalation routes that apply."""
    partnership = Partnership(
        system=system,
        organisation=organisation,
        role=role,
        scope_note=scope_note,
        oversees=oversees,
        joined_on=joined_on,
    )
    return save_tracked(partnership, actor=actor)


@transaction.atomic
def partnership_end(*, actor, partnership: Partnership, left_on: date) -> Partnership:
    update_tracked(partnership, actor=actor, left_on=left_on)
    return partnership


@transaction.atomic
def person_create(
    *,
    actor,
    system: System,
    name: str = "",
    title: str = "",
    organisation: Organisation | None = None,
    email: str = "",
    user=None,
    reason: str = "",
) -> Person:
    person = Person(
        system=system, name=name, title=title, organisation=organisation, email=email, user=user
    )
    _check_account(person, user)
    return save_tracked(person, actor=actor, reason=reason)


@transaction.atomic
def person_update(*, actor, person: Person, reason: str = "", **changes) -> Person:
    check_changes("person_update", changes, PERSON_EDITABLE)
    if "user" in changes:
        _check_account(person, changes["user"])
    update_tracked(person, actor=actor, reason=reason, **changes)
    return person


def _check_account(person: Person, user) -> None:
    """A person's entry is linked only to an account with access to its system, and an account
    to one entry per system: the link is what lets a member see their committees' confidential
    business (governance.confidential)."""
    if user is None:
        return
    if not authz.current_accesses().filter(user=user, system_id=person.system_id).exists():
        raise ValidationError({"user": "Choose an account with access to this system."})
    taken = Person._base_manager.filter(system_id=person.system_id, user=user)
    if person.pk:
        taken = taken.exclude(pk=person.pk)
    if taken.exists():
        raise ValidationError(
            {"user": "This account is already linked to another person in this system."}
        )


def link_person_on_acceptance(*, user, system_id: int) -> Person | None:
    """The people register's entry for someone who has just taken up an invitation: the one entry
    of the system with their e-mail address and no account yet, now linked to them. Two entries
    with that address, or none, are left for the programme office to link."""
    if not user.email:
        return None
    candidates = list(
        Person._base_manager.select_for_update().filter(
            system_id=system_id, email__iexact=user.email, user__isnull=True
        )[:2]
    )
    if len(candidates) != 1 or Person._base_manager.filter(system_id=system_id, user=user).exists():
        return None
    person = candidates[0]
    update_tracked(person, actor=user, reason="Linked on accepting an invitation", user=user)
    return person


@transaction.atomic
def access_grant(
    *,
    actor,
    user,
    system: System,
    role: str,
    organisation: Organisation | None = None,
    reason: str = "",
) -> Access:
    """Give ``user`` a role in ``system``, replacing any role they had there."""
    _check_partner(system, role, organisation)
    access = Access.objects.filter(user=user, system=system).first()
    if access is None:
        access = Access(user=user, system=system, role=role, organisation=organisation)
        save_tracked(access, actor=actor, reason=reason)
        changed, before = True, ""
    else:
        check_keeps_programme_office(access, role=role, system_id=system.pk)
        before = _role_words(access)
        if access.ends_on is not None:
            before += f", ending {access.ends_on:%-d %B %Y}"
        # Granted again: an access that had ended (or was to end) no longer does.
        changed = update_tracked(
            access,
            actor=actor,
            reason=reason,
            role=role,
            organisation=organisation,
            ends_on=None,
            end_reason="",
        )
    authz.forget_accesses(user)
    if changed:
        _audit_access(
            security.Kind.ACCESS_GRANTED, actor, access, _role_words(access), before, reason
        )
    return access


def _role_words(access: Access) -> str:
    """The role an access gives, in words: "Partner lead (NNUH)"."""
    role = Role(access.role).label if access.role in Role.values else access.role
    organisation = access.organisation
    return f"{role} ({organisation.short_name})" if organisation is not None else role


def _audit_access(
    kind: str,
    actor,
    access: Access,
    now: str,
    before: str = "",
    reason: str = "",
    also: int | None = None,
) -> None:
    """The security event of a write to an access (in the write's transaction): its system's,
    and ``also`` another's (an access the admin moved)."""
    detail = f"{now} (was {before})" if before and before != now else now
    if reason.strip():
        detail += f": {reason.strip()}"
    systems = {access.system_id, also} - {None}
    security.record(kind, user=actor, subject=access.user, systems=systems, detail=detail)


def _check_partner(system: System, role: str, organisation: Organisation | None) -> None:
    if role == Role.PARTNER_LEAD and organisation is not None:
        is_partner = Partnership.objects.filter(system=system, organisation=organisation).exists()
        if not is_partner:
            raise ValidationError({"organisation": f"{organisation} is not a partner in {system}."})


def check_keeps_programme_office(
    access: Access, *, role: str | None, system_id: int | None, until: date | None = None
):
    """Refuse to change or end (``role`` None) a programme office's access unless the system
    keeps another programme office whose access is not set to end: no one would otherwise be
    left to run it, or to grant access again, short of a platform operator.

    The system's row is locked first, so two offices ending each other at the same moment are
    checked one after the other (the second sees the first's end and is refused)."""
    if access.pk is None or access.role != Role.PROGRAMME_OFFICE:
        return
    if role == Role.PROGRAMME_OFFICE and system_id == access.system_id and until is None:
        return
    System._base_manager.select_for_update().filter(pk=access.system_id).first()
    others = Access.objects.filter(
        system_id=access.system_id, role=Role.PROGRAMME_OFFICE, ends_on__isnull=True
    ).exclude(pk=access.pk)
    if not others.exists():
        raise ValidationError(
            {
                "role": "This is the system's last programme office whose access is not set to "
                "end: give another the role first."
            }
        )


@transaction.atomic
def access_revoke(*, actor, access: Access) -> None:
    if access.user_id == getattr(actor, "pk", None):
        raise ValidationError("No one can end their own access: ask another programme office.")
    check_keeps_programme_office(access, role=None, system_id=None)
    _audit_access(security.Kind.ACCESS_REVOKED, actor, access, _role_words(access))
    delete_tracked(access, actor=actor)


@transaction.atomic
def access_admin_save(*, actor, access: Access) -> Access:
    """An access added or changed in the admin, whose form has checked who may grant what:
    saved with its history, and audited as granted or changed (in both systems, if it moved)."""
    before = None
    if access.pk is not None:
        before = Access.objects.select_related("organisation").filter(pk=access.pk).first()
    save_tracked(access, actor=actor)
    authz.forget_accesses(access.user)
    if before is None:
        _audit_access(security.Kind.ACCESS_GRANTED, actor, access, _role_words(access))
        return access
    fields = ("user_id", "system_id", "role", "organisation_id")
    if any(getattr(before, name) != getattr(access, name) for name in fields):
        _audit_access(
            security.Kind.ACCESS_CHANGED,
            actor,
            access,
            _role_words(access),
            _role_words(before),
            also=before.system_id,
        )
    return access


# Adding and editing a partner from the pages: the organisation (shared between systems) and its
# partnership in one system change together or not at all.


@transaction.atomic
def partner_add(
    *,
    actor,
    system: System,
    organisation: Organisation | None = None,
    name: str = "",
    short_name: str = "",
    kind: str = "",
    ods_code: str = "",
    statutory: bool = True,
    role: str = "",
    scope_note: str = "",
) -> Partnership:
    """Make an organisation a partner in ``system``: ``organisation`` if given, otherwise a new
    one created from the details."""
    if organisation is None:
        organisation = organisation_create(
            actor=actor,
            name=name,
            short_name=short_name,
            kind=kind,
            ods_code=ods_code,
            statutory=statutory,
        )
    elif Partnership.objects.filter(system=system, organisation=organisation).exists():
        raise ValidationError({"organisation": f"{organisation} is already a partner."})
    return partnership_create(
        actor=actor, system=system, organisation=organisation, role=role, scope_note=scope_note
    )


@transaction.atomic
def partnership_update(*, actor, partnership: Partnership, **changes) -> Partnership:
    check_changes("partnership_update", changes, PARTNERSHIP_EDITABLE)
    update_tracked(partnership, actor=actor, **changes)
    return partnership


@transaction.atomic
def partner_update(
    *,
    actor,
    partnership: Partnership,
    name: str,
    short_name: str,
    kind: str,
    ods_code: str,
    statutory: bool,
    role: str,
    scope_note: str,
) -> Partnership:
    """Change an organisation (for every system it is in) and its role and scope in this one.
    An organisation shared with other systems is changed only by platform operators (see
    ``authz.can_change_organisation``); its role and scope here remain the office's."""
    organisation = partnership.organisation
    changes = {
        "name": name,
        "short_name": short_name,
        "kind": kind,
        "ods_code": ods_code.strip().upper(),
        "statutory": statutory,
    }
    changed = {k: v for k, v in changes.items() if getattr(organisation, k) != v}
    if changed and not authz.can_change_organisation(actor, organisation):
        raise ValidationError(
            "This organisation is a partner in other systems too: only platform operators "
            "change its record. Its role and scope here can still be changed."
        )
    organisation_update(actor=actor, organisation=organisation, **changes)
    return partnership_update(
        actor=actor, partnership=partnership, role=role, scope_note=scope_note
    )


# Access from the system's pages (the programme office's): invitations by e-mail, changing and
# ending an access, and the quarterly review. Who may is core.authz's; each service asks it
# again, so no caller can skip the rule.


def hash_invitation_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise ValidationError(message)


def _check_grant(actor, system: System, role: str) -> None:
    if role not in authz.grantable_roles(actor):
        raise ValidationError(
            {"role": f"Only platform operators grant the {Role(role).label.lower()} role."}
        )
    _require(
        authz.can_grant_role(actor, system, role),
        "You can only give access to systems you run as programme office.",
    )


def _send_invitation(invitation: Invitation, raw: str, base_url: str) -> None:
    link = (settings.SITE_URL or base_url.rstrip("/")) + reverse(
        "invitation-accept", kwargs={"token": raw}
    )
    context = {"invitation": invitation, "link": link}
    send_mail(
        subject=f"You are invited to {invitation.system.name} on the governance tracker",
        message=render_to_string("partners/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def _new_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def invitation_create(
    *,
    actor,
    system: System,
    email: str,
    role: str,
    organisation: Organisation | None = None,
    base_url: str = "",
) -> Invitation:
    """Invite ``email`` to ``system`` with ``role`` and send them the link (valid
    ``settings.INVITATION_DAYS`` days; only its hash is kept)."""
    _check_grant(actor, system, role)
    _check_partner(system, role, organisation)
    email = email.strip()
    open_ones = Invitation.objects.filter(
        system=system,
        email__iexact=email,
        accepted_at=None,
        revoked_at=None,
        expires_at__gt=timezone.now(),
    )
    if open_ones.exists():
        raise ValidationError(
            {"email": "This address has already been invited: send that invitation again."}
        )
    holders = authz.current_accesses().filter(system=system, user__email__iexact=email)
    if holders.exists():
        raise ValidationError(
            {"email": "Someone with this address already has access: change their role."}
        )
    raw, now = _new_token(), timezone.now()
    invitation = Invitation(
        system=system,
        email=email,
        role=role,
        organisation=organisation if role == Role.PARTNER_LEAD else None,
        token_hash=hash_invitation_token(raw),
        invited_by=actor,
        created_at=now,
        sent_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_DAYS),
    )
    save_tracked(invitation, actor=actor, reason="Invited")
    transaction.on_commit(lambda: _send_invitation(invitation, raw, base_url))
    return invitation


@transaction.atomic
def invitation_resend(*, actor, invitation: Invitation, base_url: str = "") -> Invitation:
    """Send a not yet accepted invitation again with a new link (the old one stops working)."""
    _check_grant(actor, invitation.system, invitation.role)
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise ValidationError("This invitation has been accepted or revoked.")
    raw, now = _new_token(), timezone.now()
    update_tracked(
        invitation,
        actor=actor,
        reason="Sent again",
        token_hash=hash_invitation_token(raw),
        sent_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_DAYS),
    )
    transaction.on_commit(lambda: _send_invitation(invitation, raw, base_url))
    return invitation


@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation, reason: str) -> Invitation:
    _require(authz.can_administer(actor, invitation.system_id), "Only its programme office can.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the invitation is being revoked."})
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise ValidationError("This invitation has already been accepted or revoked.")
    update_tracked(
        invitation,
        actor=actor,
        reason=reason,
        revoked_at=timezone.now(),
        revoked_reason=reason.strip(),
    )
    return invitation


def invitation_for_token(raw: str) -> Invitation | None:
    """The invitation the link's token names, whatever its state, or None. Read without a
    system scope: the invitee has no access yet; only the token's hash finds it."""
    if not raw or len(raw) > 100:
        return None
    return (
        Invitation._base_manager.select_related("system", "organisation", "invited_by")
        .filter(token_hash=hash_invitation_token(raw))
        .first()
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Access:
    """The invitee (signed in, or just registered) takes up the invitation: it grants the
    access, and is used up."""
    invitation = Invitation._base_manager.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open_at(timezone.now()):
        raise ValidationError("This invitation has expired, been revoked or already been used.")
    if user.email.strip().lower() != invitation.email.strip().lower():
        raise ValidationError("This invitation was sent to another e-mail address.")
    inviter = invitation.invited_by
    # Whoever sent it must still be able to give that role: an invitation does not outlive
    # its sender's own access (an office removed cannot let itself back in by a link it sent).
    if inviter is None or not authz.can_grant_role(inviter, invitation.system_id, invitation.role):
        raise ValidationError(
            "The person who sent this invitation can no longer give access: ask the "
            "programme office to invite you again."
        )
    existing = Access.objects.filter(user=user, system_id=invitation.system_id).first()
    if existing is not None and existing.role == Role.REGULATOR:
        raise ValidationError("You already read this system as its regulator.")
    # The invitee sees no system yet: the invitation's is the one its checks read.
    with scope([invitation.system_id]):
        access = access_grant(
            actor=user,
            user=user,
            system=invitation.system,
            role=invitation.role,
            organisation=invitation.organisation,
            reason=(
                f"Accepted the invitation from {display_name(inviter)}"
                if inviter
                else "Accepted an invitation"
            ),
        )
        update_tracked(
            invitation,
            actor=user,
            reason="Accepted",
            accepted_at=timezone.now(),
            accepted_user=user,
        )
        link_person_on_acceptance(user=user, system_id=invitation.system_id)
    return access


def _check_may_change(actor, access: Access) -> None:
    if access.user_id == getattr(actor, "pk", None):
        raise ValidationError("No one can change or end their own access: ask another.")
    if authz.has_ended(access.ends_on):
        raise ValidationError(
            "This access has ended: invite them again to give them access once more."
        )
    _require(
        authz.can_change_access(actor, access),
        "Only platform operators change a regulator's access.",
    )


@transaction.atomic
def access_change(
    *, actor, access: Access, role: str, organisation: Organisation | None, reason: str = ""
) -> Access:
    """Change someone's role (and the organisation a partner lead leads) in the access's
    system."""
    _check_may_change(actor, access)
    _check_grant(actor, access.system, role)
    organisation = organisation if role == Role.PARTNER_LEAD else None
    _check_partner(access.system, role, organisation)
    check_keeps_programme_office(access, role=role, system_id=access.system_id)
    before = _role_words(access)
    if update_tracked(access, actor=actor, reason=reason, role=role, organisation=organisation):
        _audit_access(
            security.Kind.ACCESS_CHANGED, actor, access, _role_words(access), before, reason
        )
    authz.forget_accesses(access.user)
    return access


@transaction.atomic
def access_end(*, actor, access: Access, ends_on: date, reason: str) -> Access:
    """End someone's access on ``ends_on`` (today: at once): from that day it grants nothing.
    The access stays, ended, in the review and its history."""
    _check_may_change(actor, access)
    if not reason.strip():
        raise ValidationError({"reason": "Say why their access is ending, e.g. left the post."})
    if ends_on < timezone.localdate():
        raise ValidationError(
            {"ends_on": "The date cannot be in the past: use today to end it now."}
        )
    check_keeps_programme_office(access, role=None, system_id=None, until=ends_on)
    changed = update_tracked(
        access, actor=actor, reason=reason, ends_on=ends_on, end_reason=reason.strip()
    )
    if changed:
        access_ended_event(actor, access, ends_on, reason)
    authz.forget_accesses(access.user)
    return access


def access_ended_event(actor, access: Access, ends_on: date, reason: str) -> None:
    """The security event of an access set to end (``access_end``, or an erasure closing the
    account), in its system."""
    verb = "Ended" if authz.has_ended(ends_on) else "Ends"
    words = f"{_role_words(access)}. {verb} on {ends_on:%-d %B %Y}"
    _audit_access(security.Kind.ACCESS_ENDED, actor, access, words, reason=reason)


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


@transaction.atomic
def access_review_confirm(*, actor, system: System, note: str = "") -> AccessReview:
    """Record that the programme office reviewed who has access to the system this quarter."""
    _require(authz.can_administer(actor, system), "Only its programme office can.")
    quarter = quarter_of(timezone.localdate())
    # One confirmation a quarter: a second click (or a second office at the same moment) finds
    # the first, under the system's lock.
    System._base_manager.select_for_update().filter(pk=system.pk).first()
    done = AccessReview.objects.filter(system=system, quarter=quarter).first()
    if done is not None:
        return done
    now = timezone.now()
    review = AccessReview(
        system=system,
        quarter=quarter,
        confirmed_by=actor,
        confirmed_at=now,
        note=note.strip(),
    )
    return save_tracked(review, actor=actor)


def token_event(kind: str, actor, token: ApiToken, systems=None, reason: str = "") -> None:
    """The security event of a write to a token, in its transaction: the token by its name and
    expiry (never its text, nor the first characters of it), in each system it is bound to."""
    if systems is None:
        systems = token.systems.values_list("pk", flat=True)
    detail = (
        f"Token {token.name or 'with no name'} (#{token.pk}), expires {token.expires_at:%-d %B %Y}"
    )
    if reason.strip():
        detail += f": {reason.strip()}"
    security.record(kind, user=actor, subject=token.user, systems=systems, detail=detail)


@transaction.atomic
def token_revoke(*, actor, token: ApiToken, reason: str = "") -> ApiToken:
    """Revoke an API token (the callers have asked ``authz.can_manage_token``): the token pages
    of a system and its holder's account page. Revoking one already revoked changes nothing."""
    if token.revoked_at is None:
        update_tracked(
            token, actor=actor, reason=reason, revoked_at=timezone.now(), revoked_reason=reason
        )
        token_event(security.Kind.TOKEN_REVOKED, actor, token, reason=reason)
    return token
