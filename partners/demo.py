"""Demo data for partners: systems, organisations, partnerships, people and the demo users.

The values come from the seed papers via ``fixtures/demo/*.json`` (see its SCHEMA.md). Loading is
idempotent: an existing row is matched on its natural key and only changed if it differs, so a
second run writes nothing and adds no history.
"""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from core.demo import DemoContext, ensure, parse_date
from core.roles import Role
from partners import services
from partners.models import Access, Organisation, Partnership, Person, System

DEMO_DIR = settings.BASE_DIR / "fixtures" / "demo"
DEMO_APPS = ("partners", "governance", "milestones", "escalation", "finance")
DEVELOPMENT_DEMO_PASSWORD = "seed-demo-2019"
# The lead provider for the six services moving from JPUH (002, workstream C).
PARTNER_LEAD_SYSTEM, PARTNER_LEAD_ORGANISATION = "norfolk-waveney", "NNUH"
# The regulator of one region only: the region three of the five seed systems are in.
REGIONAL_REGULATOR, REGIONAL_REGULATOR_REGION = "regulator.east", "east_of_england"
# The demo users' first name: their display names say they are demo accounts ("Demo chair").
DEMO = "Demo"


def read_files(directory: Path = DEMO_DIR) -> list[dict]:
    """The governance files, one per system, each with its delivery file (if any) under
    ``"delivery"``."""
    files = [json.loads(path.read_text()) for path in sorted(directory.glob("*.json"))]
    for data in files:
        delivery = directory / "delivery" / f"{data['system']['slug']}.json"
        data["delivery"] = json.loads(delivery.read_text()) if delivery.exists() else {}
    return files


def load(files: list[dict], context: DemoContext) -> None:
    _load_organisations(files, context)
    for data in files:
        system = _load_system(data["system"], context)
        for item in data.get("organisations", []):
            organisation = context.organisations[item["key"]]
            values = {
                "role": item.get("partnership_role", ""),
                "scope_note": item.get("scope_note", ""),
                "oversees": item.get("oversees", ""),
                "joined_on": parse_date(item.get("joined_on")),
            }
            ensure(
                Partnership.objects.all(),
                {"system": system, "organisation": organisation},
                actor=context.actor,
                create=services.partnership_create,
                **values,
            )
        for item in data.get("people", []) + data["delivery"].get("people", []):
            organisation = context.organisations.get(item.get("organisation") or "")
            context.people[(system.slug, item["key"])] = person_ensure(
                context,
                system,
                name=item.get("name", ""),
                title=item.get("title", ""),
                organisation=organisation,
                email=item.get("email", ""),
            )
    _load_users(context)


def person_ensure(context: DemoContext, system: System, **values) -> Person:
    lookup = {
        "system": system,
        "name": values["name"],
        "title": values["title"],
        "organisation": values["organisation"],
    }
    email = values.get("email", "")
    return ensure(
        Person.objects.all(),
        lookup,
        actor=context.actor,
        create=services.person_create,
        email=email,
    )


def _load_organisations(files: list[dict], context: DemoContext) -> None:
    # The first file (in name order) to describe an organisation defines it for every system.
    for data in files:
        for item in data.get("organisations", []):
            if item["key"] in context.organisations:
                continue
            values = {
                "short_name": item.get("short_name") or item["key"],
                "kind": item["kind"],
                "ods_code": item.get("ods_code", ""),
                "statutory": item.get("statutory", True),
            }
            context.organisations[item["key"]] = ensure(
                Organisation.objects.all(),
                {"name": item["name"]},
                actor=context.actor,
                create=services.organisation_create,
                **values,
            )


def _load_system(item: dict, context: DemoContext) -> System:
    values = {k: item[k] for k in ("name", "short_name", "region", "stage")}
    # The seed paper's date (its month end where it gives only a month); the file cites where.
    values["opens_as_at"] = parse_date(item.get("opens_as_at"))
    system = ensure(
        System.objects.all(),
        {"slug": item["slug"]},
        actor=context.actor,
        create=services.system_create,
        **values,
    )
    context.systems[system.slug] = system
    return system


def demo_password() -> str:
    return settings.DEMO_PASSWORD or DEVELOPMENT_DEMO_PASSWORD


def demo_email(username: str) -> str:
    """A demo account's address: the reserved top-level domain .invalid (RFC 2606), so a demo
    whose e-mail is configured to really send can reach no one."""
    return f"{username}@demo.invalid"


def _load_users(context: DemoContext) -> None:
    user_model = get_user_model()
    everywhere = list(context.systems.values())
    region = [s for s in everywhere if s.region == REGIONAL_REGULATOR_REGION]
    # Display names say these are demo accounts, not people: no seed names its chair, so no
    # report may present an invented person as one ("Demo chair", never a made-up name).
    plan = {
        "programme.office": (DEMO, "programme office", Role.PROGRAMME_OFFICE, everywhere),
        "chair": (DEMO, "chair", Role.CHAIR, everywhere),
        "regulator": (DEMO, "regulator", Role.REGULATOR, everywhere),
        "partner.lead": (
            DEMO,
            f"partner lead ({PARTNER_LEAD_ORGANISATION})",
            Role.PARTNER_LEAD,
            [context.systems[PARTNER_LEAD_SYSTEM]],
        ),
        REGIONAL_REGULATOR: (DEMO, "regional regulator", Role.REGULATOR, region),
        # A programme office of each system alone, to try the product as one tenant.
        **{
            f"office.{system.slug}": (
                DEMO,
                f"programme office ({system.short_name})",
                Role.PROGRAMME_OFFICE,
                [system],
            )
            for system in everywhere
        },
    }
    for username, (first, last, role, systems) in plan.items():
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": demo_email(username)},
        )
        if not user.email:
            # Reminders go to an address (reminders.services); .invalid never delivers anywhere.
            user.email = demo_email(username)
            user.save(update_fields=["email"])
        if (user.first_name, user.last_name, user.is_staff) != (first, last, False):
            # A database loaded before the demo accounts were named as such, or when the
            # programme offices were staff: the pages do their work now, never the admin.
            user.first_name, user.last_name, user.is_staff = first, last, False
            user.save(update_fields=["first_name", "last_name", "is_staff"])
            user.user_permissions.clear()
        if created:
            user.set_password(demo_password())
            user.save()
        organisation = (
            context.organisations[PARTNER_LEAD_ORGANISATION] if role == Role.PARTNER_LEAD else None
        )
        for system in systems:
            existing = Access.objects.filter(user=user, system=system).first()
            if existing is None or existing.role != role or existing.organisation != organisation:
                services.access_grant(
                    actor=context.actor,
                    user=user,
                    system=system,
                    role=role,
                    organisation=organisation,
                )
