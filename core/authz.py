"""Who may see and change what: the one place that decides.

Every page, endpoint and admin screen asks these predicates and gets its rows from ``scoped``;
nothing else inspects roles. Another system's object is not found (404), never forbidden, so its
existence is not disclosed.
"""

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from django.db import models
from django.http import Http404
from django.utils import timezone

from core.roles import API_SESSION_ROLES, Role
from core.scoping import is_shared_across_systems, scope, system_path
from core.tenancy import access_model, is_tenant, tenant_model


class Grant(NamedTuple):
    """What one access gives: the role, and the organisation a partner lead leads."""

    role: str
    organisation_id: int | None


# The columns of an access that authorisation reads, in the order ``remember_accesses`` takes.
ACCESS_COLUMNS = ("system_id", "role", "organisation_id", "ends_on")


def has_ended(ends_on, today: date | None = None) -> bool:
    """Whether an access whose ``ends_on`` is this has ended: from that day on it grants
    nothing. The one rule every read of accesses keeps (``remember_accesses`` for a user's own,
    ``current_accesses`` for the subqueries); ``ends_on`` may come as ISO text from raw SQL."""
    if ends_on is None:
        return False
    if isinstance(ends_on, str):
        ends_on = date.fromisoformat(ends_on[:10])
    return ends_on <= (today or timezone.localdate())


def current_accesses() -> models.QuerySet:
    """Every access that has not ended (see ``has_ended``), as a queryset to filter further."""
    return access_model().objects.exclude(ends_on__lte=timezone.localdate())


def _accesses(user) -> dict[int, Grant]:
    """The user's accesses by system id, read once per user object (so once per request), of
    the systems it is bound to when it is (see ``bind``)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = getattr(user, "_tracker_accesses", None)
    if cached is None:
        rows = access_model().objects.filter(user=user).order_by().values_list(*ACCESS_COLUMNS)
        cached = remember_accesses(user, rows)
    bound = getattr(user, "_tracker_bound", None)
    if bound is not None:
        return {system_id: grant for system_id, grant in cached.items() if system_id in bound}
    return cached


def remember_accesses(user, rows: Iterable[tuple]) -> dict[int, Grant]:
    """Keep the user's accesses, read elsewhere as ``ACCESS_COLUMNS`` rows (the API reads them
    with the token), for this user object; a row whose system is None is no access (an outer
    join's empty side), and neither is one that has ended (``has_ended``)."""
    today = timezone.localdate()
    cached = {
        system_id: Grant(role, organisation_id)
        for system_id, role, organisation_id, ends_on in rows
        if system_id is not None and not has_ended(ends_on, today)
    }
    user._tracker_accesses = cached
    return cached


def forget_accesses(user) -> None:
    """Drop the accesses kept for this user object, after a write changed them, so the next
    question reads them again."""
    user.__dict__.pop("_tracker_accesses", None)


def bind(user, system_ids: Iterable[int]) -> None:
    """Limit this user object (an API token's holder, for one request) to these systems: it
    then sees only those of them its accesses grant, superusers included."""
    user._tracker_bound = frozenset(system_ids)


def visible_system_ids(user) -> frozenset[int]:
    bound = getattr(user, "_tracker_bound", None)
    if getattr(user, "is_superuser", False) and user.is_active:
        if bound is not None:
            return frozenset(
                tenant_model().objects.filter(pk__in=bound).values_list("pk", flat=True)
            )
        return frozenset(tenant_model().objects.values_list("pk", flat=True))
    if bound is not None:
        return frozenset(_accesses(user)).intersection(bound)
    return frozenset(_accesses(user))


def visible_systems(user) -> models.QuerySet:
    return tenant_model().objects.filter(pk__in=visible_system_ids(user))


def role_in(user, system: models.Model | int) -> str | None:
    """The user's role in the system, or None when they have no access to it."""
    system_id = system if isinstance(system, int) else system.pk
    access = _accesses(user).get(system_id)
    return access.role if access else None


def roles_in(user, system_ids: Iterable[int]) -> frozenset[str]:
    """The roles the user holds in any of these systems (none where they have no access)."""
    accesses = _accesses(user)
    return frozenset(accesses[s].role for s in system_ids if s in accesses)


def oversees_several(user, systems: Iterable[models.Model]) -> bool:
    """Whether the systems overview is offered: to anyone who sees more than one system, and to
    a regulator (whose role is to oversee). A programme office of one system has its dashboard;
    the overview's address still shows it that one system, and nothing of another."""
    systems = list(systems)
    return len(systems) > 1 or any(role_in(user, s) == Role.REGULATOR for s in systems)


def role_label(user, system: models.Model | int) -> str:
    role = role_in(user, system)
    if role is None:
        return "Administrator" if getattr(user, "is_superuser", False) else ""
    return Role(role).label


def led_organisation_id(user, system: models.Model | int) -> int | None:
    system_id = system if isinstance(system, int) else system.pk
    access = _accesses(user).get(system_id)
    return access.organisation_id if access else None


def led_organisation_ids(user, system_ids: Iterable[int]) -> set[int]:
    """The organisations the user leads (as a partner lead) in these systems."""
    return {led_organisation_id(user, s) for s in system_ids} - {None}


def programme_office_system_ids(user, system_ids: Iterable[int]) -> frozenset[int]:
    """Those of these systems whose programme office the user is (by role: a platform
    operator's reach over every system is not a programme office's queue)."""
    return frozenset(s for s in system_ids if role_in(user, s) == Role.PROGRAMME_OFFICE)


def role_holder_ids(system: models.Model | int, role: str) -> models.QuerySet:
    """The ids of the users holding ``role`` in the system (a subquery): the regulators a
    token may be issued to, the chairs a report names."""
    system_id = system if isinstance(system, int) else system.pk
    return current_accesses().filter(system_id=system_id, role=role).values("user_id")


def role_holders(system_ids: Iterable[int] | None, roles: Iterable[str]) -> list[tuple]:
    """Who holds these roles, in these systems (None: every system), in one query: rows of
    (system id, role, organisation id, user id), active users with current access only. For
    what is due, which asks it once for every system a kind looks in."""
    accesses = current_accesses().filter(role__in=list(roles), user__is_active=True)
    if system_ids is not None:
        accesses = accesses.filter(system_id__in=list(system_ids))
    return list(accesses.order_by().values_list("system_id", "role", "organisation_id", "user_id"))


def can_view(user, system: models.Model | int) -> bool:
    system_id = system if isinstance(system, int) else system.pk
    return system_id in visible_system_ids(user)


def can_administer(user, system: models.Model | int) -> bool:
    """Create and edit everything in the system: the programme office (and superusers)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        bound = getattr(user, "_tracker_bound", None)
        return bound is None or (system if isinstance(system, int) else system.pk) in bound
    return role_in(user, system) == Role.PROGRAMME_OFFICE


def token_system_ids_for(actor, holder) -> frozenset[int]:
    """The systems ``actor`` may bind a token of ``holder``'s to: those the actor administers
    and the holder may see, and, for a token of one's own, every system one is regulator of."""
    systems = administered_system_ids(actor) & visible_system_ids(holder)
    if actor.pk == holder.pk:
        systems |= own_token_system_ids(holder)
    return systems


def own_token_system_ids(user) -> frozenset[int]:
    """The systems a person may issue themselves an API token for: those they are regulator of
    (their account page links to those systems' token pages)."""
    return frozenset(s for s in visible_system_ids(user) if role_in(user, s) == Role.REGULATOR)


def can_use_token_page(user, system: models.Model | int) -> bool:
    """The system's API tokens page: its programme office (for its regulators) and its
    regulators (for their own tokens)."""
    return can_administer(user, system) or role_in(user, system) == Role.REGULATOR


def can_manage_token(user, *, holder_id: int, system_ids: Iterable[int]) -> bool:
    """List, revoke or extend a token: its holder, or whoever administers every system it is
    bound to (an unbound token has no such administrator)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.pk == holder_id:
        return True
    system_ids = frozenset(system_ids)
    return bool(system_ids) and system_ids <= administered_system_ids(user)


def can_change_organisation(user, organisation: models.Model) -> bool:
    """Change an organisation's own record (name, ODS code, kind): platform operators, or the
    programme office of the one system it is a partner in. An organisation shared by several
    systems is theirs all, so one system's office may not rename it for the others."""
    if is_platform_operator(user):
        return True
    systems = type(organisation)._default_manager.system_ids_of(organisation)
    return len(systems) == 1 and can_administer(user, systems.pop())


def can_edit_for_organisation(
    user, system: models.Model | int, organisation: models.Model | int
) -> bool:
    """Edit an item an organisation is responsible for: the programme office, or that
    organisation's partner lead."""
    if can_administer(user, system):
        return True
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    return (
        role_in(user, system) == Role.PARTNER_LEAD
        and led_organisation_id(user, system) == organisation_id
    )


def can_edit_for_responsible(
    user, system: models.Model | int, organisation: models.Model | int | None
) -> bool:
    """Edit an item that names the organisation responsible for it, or names none: that
    organisation's partner lead and the programme office; with none named, only the office."""
    if organisation is None:
        return can_administer(user, system)
    return can_edit_for_organisation(user, system, organisation)


def progress_organisation_id(user, system: models.Model | int) -> int | None:
    """The organisation whose milestones the user reports progress on when they report on
    those only (a partner lead: the organisation they lead); None for every other role."""
    if role_in(user, system) != Role.PARTNER_LEAD:
        return None
    return led_organisation_id(user, system)


def can_record_progress(user, system: models.Model | int) -> bool:
    """Record monthly progress at all: the programme office (on every milestone) or a partner
    lead (on their organisation's; see ``can_record_progress_on``)."""
    return can_administer(user, system) or progress_organisation_id(user, system) is not None


def can_record_progress_on(user, system: models.Model | int, milestone) -> bool:
    """Record this month's progress on a milestone (anything with a
    ``responsible_organisation_id``): the programme office, or the partner lead of the
    organisation responsible for it. The system is the caller's (the page's): following the
    milestone to its system would cost queries for every row of the monthly update."""
    return can_edit_for_responsible(user, system, milestone.responsible_organisation_id)


def can_respond_to_case(user, system: models.Model | int, case) -> bool:
    """Respond to an escalation case (anything with an ``organisation_id``): the partner lead
    of the organisation it is raised with, and the programme office."""
    return can_edit_for_responsible(user, system, case.organisation_id)


def can_manage_case(user, system: models.Model | int, case=None) -> bool:
    """Raise, resolve, step up or close an escalation case: the programme office. (``case`` is
    taken so every case action is asked the same way; no case is anyone else's to manage.)"""
    return can_administer(user, system)


def can_flag_case(user, system: models.Model | int, case=None) -> bool:
    """Flag a case for (or take it off) the chair's report: whoever writes its commentary."""
    return can_write_commentary(user, system)


def is_platform_operator(user) -> bool:
    """Superusers run the platform: systems, shared organisations, regulators' access."""
    return bool(getattr(user, "is_superuser", False) and user.is_active)


def can_answer_personal_data_request(user, system: models.Model | int) -> bool:
    """A subject access file or an erasure of a person of ``system``: its programme office
    (which keeps that system's records of people), and platform operators."""
    return can_administer(user, system)


def answers_for_every_system(user) -> bool:
    """Whether such a request covers the person in every system: a platform operator's does,
    as only they see every system; a programme office's covers its system alone."""
    return is_platform_operator(user)


def administered_system_ids(user) -> frozenset[int]:
    """The systems whose records the user may create and edit (the admin shows only these)."""
    return frozenset(s for s in visible_system_ids(user) if can_administer(user, s))


# Roles that read across systems, so no one system's office may hand them out.
OPERATOR_GRANTED_ROLES = frozenset({Role.REGULATOR})


def can_grant_role(user, system: models.Model | int, role: str) -> bool:
    """Give someone a role in a system: its programme office, within that system only; the
    regulator role (which reads across systems) only platform operators."""
    if role in OPERATOR_GRANTED_ROLES:
        return is_platform_operator(user)
    return can_administer(user, system)


def grantable_roles(user) -> frozenset[str]:
    """The roles the user may grant at all (in which systems is ``can_grant_role``'s): those
    that read across systems only platform operators grant."""
    if is_platform_operator(user):
        return frozenset(Role.values)
    return frozenset(Role.values) - OPERATOR_GRANTED_ROLES


def role_needs_organisation(role: str) -> bool:
    """A partner lead's access names the organisation they lead; no other role's does."""
    return role == Role.PARTNER_LEAD


def can_change_access(user, access: models.Model) -> bool:
    """Change or end an existing access: its system's programme office, never their own access,
    and a regulator's only platform operators (whether the system keeps a programme office is
    the service's to check, for every caller)."""
    if access.user_id == getattr(user, "pk", None):
        return False
    if access.role == Role.REGULATOR and not is_platform_operator(user):
        return False
    return can_administer(user, access.system_id)


def can_write_commentary(user, system: models.Model | int) -> bool:
    return can_administer(user, system) or role_in(user, system) == Role.CHAIR


def can_request_report(user, system: models.Model | int) -> bool:
    """Ask for a monthly report's draft, a rebuild or a correction: the programme office."""
    return can_administer(user, system)


def can_publish_report(user, system: models.Model | int) -> bool:
    """Write the commentary, flag issues for the regulators and publish: the chair."""
    return role_in(user, system) == Role.CHAIR


def may_use_api_session(user) -> bool:
    """The API accepts a signed-in browser session only from a user every one of whose accesses
    is a read-only role there; everyone else (and superusers) reads the API with a token."""
    if getattr(user, "is_superuser", False):
        return False
    grants = _accesses(user)
    return bool(grants) and all(grant.role in API_SESSION_ROLES for grant in grants.values())


def sees_report_drafts(user, system: models.Model | int) -> bool:
    """Drafts are the programme office's and the chair's; everyone else sees published reports."""
    return can_administer(user, system) or role_in(user, system) == Role.CHAIR


def system_id_of(instance: models.Model) -> int:
    """Follow the model's scoping path (its manager's ``system_path``) to its system id."""
    if is_tenant(type(instance)):
        return instance.pk
    path = system_path(type(instance)).split("__")
    target = instance
    for part in path[:-1]:
        target = getattr(target, part)
    return getattr(target, f"{path[-1]}_id")


def can_change(user, instance: models.Model) -> bool:
    """Whether the user may edit this system-owned object."""
    return can_administer(user, system_id_of(instance))


def scoped(user, model: type[models.Model], within: Iterable[int] | None = None) -> models.QuerySet:
    """All rows of ``model`` in the systems the user may see; only in those of them that
    ``within`` lists, when given (never a system the user may not see)."""
    if is_tenant(model):
        return visible_systems(user)
    system_ids = visible_system_ids(user)
    if within is not None:
        system_ids = system_ids.intersection(within)
    with scope(system_ids):
        if is_shared_across_systems(model):
            # Reference data shared between systems: visible where a system links it.
            return model._default_manager.in_systems(system_ids)
        return model.objects.all()


def get_visible_or_404(user, model_or_queryset, **lookup):
    queryset = (
        model_or_queryset
        if isinstance(model_or_queryset, models.QuerySet)
        else scoped(user, model_or_queryset)
    )
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404(f"No {queryset.model._meta.verbose_name} matches the given query.") from None
