"""Ask one route as one role about one system's object, and compare with the table.

A cell is (route, rule, role, variant): ``own`` asks about the own system (A) under its own
address, ``other`` about the other system (B) under B's address, and ``cross`` about B's object
under A's address (a system page that must not reach through to another system's record).
"""

import io
import json
import re
import zipfile
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.urls import reverse

from tests.permissions.routes import Route
from tests.permissions.table import STAFF, Rule
from tests.permissions.world import OTHER_MARKER, World

HOME = {"office_other_system": "other", "superuser": None, "anonymous": None}
STAFF_ROLES = {"office", "office_other_system"}
# Kinds that belong to every system at once: asked once, as the own system's.
SHARED_KINDS = {
    "shared_organisation",
    "group",
    "finance.financialyear",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "socialaccount.socialaccount",
    "mfa.authenticator",
}
REFUSED = frozenset({403, 404})
PAGE_SIGN_IN = "/login/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Cell:
    route: Route
    rule: Rule
    role: str
    variant: str

    def __str__(self) -> str:
        kind = f" [{self.rule.kind}]" if self.rule.kind else ""
        query = "".join(f" ?{name}={value}" for name, value in self.rule.query.items())
        return f"{self.route.key}{kind}{query} {self.role} {self.variant}"


def variants(route: Route, rule: Rule) -> tuple[str, ...]:
    if rule.kind in SHARED_KINDS or (rule.kind is None and "slug" not in route.parameters):
        return ("own",)
    if rule.kind and "slug" in route.parameters:
        return ("own", "other", "cross")
    return ("own", "other")


def asked(cell: Cell, method: str) -> bool:
    """Whether the harness asks this cell. Skipped: the mirror images (the other system's own
    people, the superuser and the anonymous on the other side answer as their counterparts on
    the own side), the admin's non-staff beyond the own side (its sign-in gate turns them away
    before any screen runs), and the admin writes the table allows (the admin's own tests
    cover what a write does)."""
    if cell.rule.roles is not None and cell.role not in cell.rule.roles:
        return False
    if cell.rule.area == "api" and method != "get":
        # The API refuses a write method whoever asks and whatever the record: every method
        # is asked of the regulator (who must change nothing), POST also of the office and the
        # signed out, on the own system's record.
        return cell.variant == "own" and (
            cell.role == "regulator" or (method == "post" and cell.role in ("office", "anonymous"))
        )
    if cell.variant == "other" and cell.role in ("superuser", "anonymous", "office_other_system"):
        return False
    if cell.rule.area == "admin":
        if cell.role in ("lead", "lead_other_org", "chair") and cell.route.key != "admin:index":
            # The admin's sign-in gate is one check for the whole site (staff or not): asked of
            # every role at the index, and of the signed out and the regulator on every screen.
            return False
        screen = cell.route.key.rsplit("_", 1)[-1]
        if cell.rule.kind is None and (
            cell.role == "office_other_system" or (cell.role == "superuser" and screen == "add")
        ):
            # A list or an empty form: the other system's office is the mirror of the office,
            # and a superuser's add form offers everything by design.
            return False
        at_home = _standing(cell.role, cell.variant, cell.rule, cell.route) is not None
        staff = cell.role in STAFF_ROLES | {"superuser"}
        # Staff at home may be given or refused a delete or history screen (both pass), so
        # those are asked only of strangers; the form screens are asked of everyone, for the
        # other system's records among their choices.
        if at_home and staff and method == "get" and screen in ("delete", "history"):
            return False
        if cell.role not in STAFF_ROLES | {"superuser"} and cell.variant != "own":
            return False
        if method == "post" and expected(cell, method).statuses is None:
            return False
    return True


def _path(route: Route, values: dict) -> str:
    path = route.pattern
    for name, value in values.items():
        path = re.sub(rf"<(?:[^>:]+:)?{name}>|\(\?P<{name}>[^)]*\)", str(value), path)
    for index in range(2):
        path = path.replace("([^/]+)", str(values.get(f"arg{index}", "")), 1)
    return "/" + path.replace("^", "").replace("$", "")


def url(world: World, cell: Cell) -> str:
    slug_side = "own" if cell.variant in ("own", "cross") else "other"
    object_side = "own" if cell.variant == "own" else "other"
    values = {"slug": world.side(slug_side).system.slug, "url": "no-such-screen/"}
    values["token"] = "no-such-invitation"  # an invitation's link: no token is stored
    values["app_label"] = "governance"
    # Sign-in's keys (allauth): a provider, an e-mailed key and an account's id none matches.
    values.update(provider_id="no-such-provider", key="no-such-key", uidb36="0")
    if cell.rule.kind:
        target = world.object(object_side, cell.rule.kind)
        values.update(pk=target.pk, object_id=target.pk, id=target.pk, arg0=target.pk)
        if "arg1" in cell.route.parameters:
            values["arg1"] = target.history.order_by("-history_id").first().history_id
        if "content_type_id" in cell.route.parameters:
            values["content_type_id"] = ContentType.objects.get_for_model(target).pk
    missing = set(cell.route.parameters) - set(values)
    if missing:
        raise LookupError(f"{cell.route.key}: no value for {sorted(missing)}")
    return _path(cell.route, {k: v for k, v in values.items() if k in cell.route.parameters})


def _standing(role: str, variant: str, rule: Rule, route: Route) -> str | None:
    """The role the user holds where the cell asks: None when that system is not theirs."""
    if role in ("superuser", "anonymous"):
        return role if variant != "cross" else None
    if rule.kind in SHARED_KINDS:
        return "office" if role == "office_other_system" else role
    home = HOME.get(role, "own")
    if variant == "cross":
        return None
    if variant == "own" and rule.kind is None and "slug" not in route.parameters:
        return "office" if role == "office_other_system" else role  # each at home
    if home != ("own" if variant == "own" else "other"):
        return None
    return "office" if role == "office_other_system" else role


@dataclass(frozen=True)
class Expected:
    statuses: frozenset | None  # None: any answer that is not a refusal or an error
    unchanged: bool = False


def _allowing(rule: Rule, role: str) -> Rule:
    """The rule as a plain page the role may or may not see, to learn its refusal."""
    return Rule(rule.area, rule.kind, rule.get, rule.post)


def expected(cell: Cell, method: str) -> Expected:
    rule, role = cell.rule, cell.role
    allowed = rule.get if method == "get" else rule.post
    standing = _standing(role, cell.variant, rule, cell.route)
    if rule.area == "public":
        if cell.variant == "cross" or not rule.get:
            return Expected(frozenset({404}))
        return Expected(rule.ok)
    if rule.area == "api":
        if role == "anonymous":
            # A document open to all (schema, docs) refuses a write with 405 instead.
            refused = {401, 403} if method == "get" else {401, 403, 405}
            return Expected(frozenset(refused), unchanged=True)
        if method != "get":
            return Expected(frozenset({405}), unchanged=True)
        if standing is None:
            return Expected(frozenset({404}))
        return Expected(rule.ok if standing in allowed else REFUSED)
    if rule.area == "admin":
        if role not in STAFF_ROLES | {"superuser"}:
            return Expected(frozenset({302}), unchanged=True)
        if standing is None:
            return Expected(frozenset({302, 404}), unchanged=True)
        who = "superuser" if role == "superuser" else STAFF
        if who not in allowed:
            return Expected(frozenset({302, 403, 404}), unchanged=True)
        if method == "post":
            return Expected(None)
        # A ModelAdmin may offer no add or delete at all, to anyone: 403 then.
        return Expected(rule.ok | {403})
    # A system page. A POST-only action may answer a GET 405 before it asks who is calling.
    if method == "get" and rule.ok == frozenset({405}):
        refused = expected(Cell(cell.route, _allowing(rule, role), role, cell.variant), "get")
        return Expected(refused.statuses | rule.ok)
    if role == "anonymous":
        return Expected(frozenset({302}), unchanged=True)
    if standing is None:
        return Expected(frozenset({404}), unchanged=True)
    if standing not in allowed:
        return Expected(REFUSED, unchanged=True)
    return Expected(rule.ok if method == "get" else None)


def _fingerprint_sql() -> str:
    from django.apps import apps

    columns = []
    for model in apps.get_models():
        if model._meta.app_label in ("sessions", "admin", "contenttypes"):
            continue
        if model._meta.label == "core.SecurityEvent":
            continue  # a log: a refusal (403) is written to it by design
        table = connection.ops.quote_name(model._meta.db_table)
        key = connection.ops.quote_name(model._meta.pk.column)
        columns += [f"(SELECT COUNT(*) FROM {table})", f"(SELECT MAX({key}) FROM {table})"]
    return "SELECT " + ", ".join(columns)


_SQL: list[str] = []


def fingerprint() -> tuple:
    """Row counts and highest keys of every table the product writes (history included), but
    the security log: a refused request is recorded there, and that is the point of it."""
    if not _SQL:
        _SQL.append(_fingerprint_sql())
    with connection.cursor() as cursor:
        cursor.execute(_SQL[0])
        return tuple(cursor.fetchone())


def _leaks(world: World, cell: Cell, response) -> str | None:
    if cell.rule.area == "public" and "slug" in cell.route.parameters:
        # A public page is the same for everyone: it shows its own system's records only.
        if response.status_code != 200:
            return None
        theirs = "own" if cell.variant == "other" else "other"
    elif cell.role in ("superuser", "anonymous") or response.status_code != 200:
        return None
    else:
        theirs = "other" if HOME.get(cell.role, "own") == "own" else "own"
    marker = OTHER_MARKER if theirs == "other" else world.own.system.short_name
    body = b"".join(response) if response.streaming else response.content
    if response.get("Content-Type", "") == XLSX:
        body = _workbook_text(body)
    if marker.encode() in body:
        return f"shows {marker!r}, the other system's"
    if cell.rule.lists and cell.rule.lists not in SHARED_KINDS and cell.variant == "own":
        hidden = world.object(theirs, cell.rule.lists)
        if cell.rule.area == "admin":
            link = reverse(
                f"admin:{hidden._meta.app_label}_{hidden._meta.model_name}_change", args=[hidden.pk]
            )
            if link.encode() in body:
                return f"links to {link}"
        elif response.get("Content-Type", "").startswith("application/json"):
            rows = json.loads(body).get("results", [])
            if any(str(row.get("id")) == str(hidden.pk) for row in rows):
                return f"lists the other system's {cell.rule.lists} {hidden.pk}"
    return None


def _workbook_text(body: bytes) -> bytes:
    """A workbook's cells as the XML inside it (a workbook is a zip, its text compressed)."""
    with zipfile.ZipFile(io.BytesIO(body)) as workbook:
        return b"".join(workbook.read(name) for name in workbook.namelist())


def _ask(world: World, cell: Cell, method: str):
    """The response, and whether the request changed any row (writes are rolled back)."""
    clients = world.api_clients if cell.rule.area == "api" else world.clients
    client = clients[cell.role]
    address = url(world, cell)
    if method == "get":
        return address, client.get(address, cell.rule.query), False
    with transaction.atomic():
        before = fingerprint()
        if method == "post":
            response = client.post(address, {})
        else:
            response = client.generic(
                method.upper(), address, b"{}", content_type="application/json"
            )
        changed = fingerprint() != before
        transaction.set_rollback(True)
    return address, response, changed


def _refused_at_home_too(world: World, cell: Cell, method: str) -> bool:
    """An admin screen that refuses a staff member (403) for their own system's record as well
    refuses the model, not the record: that 403 tells nothing about the other system."""
    home = "own" if HOME.get(cell.role, "own") == "own" else "other"
    _, response, _ = _ask(world, Cell(cell.route, cell.rule, cell.role, home), method)
    return response.status_code == 403


def check(world: World, cell: Cell, method: str) -> str | None:
    """The cell's failure in words, or None when the answer is the table's."""
    want = expected(cell, method)
    address, response, changed = _ask(world, cell, method)
    status = response.status_code
    if want.statuses is None:
        ok = status < 500 and status not in (403, 404, 405)
    else:
        ok = status in want.statuses
    stranger = _standing(cell.role, cell.variant, cell.rule, cell.route) is None
    if not ok and status == 403 and cell.rule.area == "admin" and stranger:
        ok = cell.role in STAFF_ROLES and _refused_at_home_too(world, cell, method)
    signed_out = cell.role == "anonymous" or (
        cell.rule.area == "admin" and cell.role not in STAFF_ROLES | {"superuser"}
    )
    if ok and status == 302 and signed_out and cell.rule.area in ("page", "admin"):
        sign_in = PAGE_SIGN_IN if cell.rule.area == "page" else reverse("admin:login")
        ok = response["Location"].startswith(sign_in)
    problems = []
    if not ok:
        wanted = "allowed" if want.statuses is None else sorted(want.statuses)
        where = f" to {response['Location']}" if status == 302 else ""
        problems.append(f"{status}{where} (expected {wanted})")
    if want.unchanged and changed:
        problems.append("changed data")
    leak = _leaks(world, cell, response) if method == "get" else None
    if leak:
        problems.append(leak)
    return f"{method.upper()} {address}: " + ", ".join(problems) if problems else None
