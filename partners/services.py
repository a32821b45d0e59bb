"""Writes for partners. Keyword-only, atomic, and recorded in history against ``actor``."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from core import authz
from core.audit import delete_tracked, save_tracked, update_tracked
from core.roles import Role
from core.services import check_changes
from partners.models import Access, Organisation, Partnership, Person, System


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
) -> Person:
    person = Person(
        system=system, name=name, title=title, organisation=organisation, email=email, user=user
    )
    return save_tracked(person, actor=actor)


@transaction.atomic
def person_update(*, actor, person: Person, **changes) -> Person:
    check_changes("person_update", changes, PERSON_EDITABLE)
    update_tracked(person, actor=actor, **changes)
    return person


@transaction.atomic
def access_grant(
    *, actor, user, system: System, role: str, organisation: Organisation | None = None
) -> Access:
    """Give ``user`` a role in ``system``, replacing any role they had there."""
    if role == Role.PARTNER_LEAD and organisation is not None:
        is_partner = Partnership.objects.filter(system=system, organisation=organisation).exists()
        if not is_partner:
            raise ValidationError({"organisation": f"{organisation} is not a partner in {system}."})
    access = Access.objects.filter(user=user, system=system).first()
    if access is None:
        access = Access(user=user, system=system, role=role, organisation=organisation)
        save_tracked(access, actor=actor)
    else:
        check_keeps_programme_office(access, role=role, system_id=system.pk)
        update_tracked(access, actor=actor, role=role, organisation=organisation)
    authz.forget_accesses(user)
    return access


def check_keeps_programme_office(access: Access, *, role: str | None, system_id: int | None):
    """Refuse to change or end (``role`` None) the last programme office's access of a system:
    no one would be left to run it, or to grant access again, short of a platform operator."""
    if access.pk is None or access.role != Role.PROGRAMME_OFFICE:
        return
    if role == Role.PROGRAMME_OFFICE and system_id == access.system_id:
        return
    others = Access.objects.filter(system_id=access.system_id, role=Role.PROGRAMME_OFFICE)
    if not others.exclude(pk=access.pk).exists():
        raise ValidationError(
            {"role": "This is the system's last programme office: give another the role first."}
        )


@transaction.atomic
def access_revoke(*, actor, access: Access) -> None:
    if access.user_id == getattr(actor, "pk", None):
        raise ValidationError("No one can end their own access: ask another programme office.")
    check_keeps_programme_office(access, role=None, system_id=None)
    delete_tracked(access, actor=actor)


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
