"""Pages across the systems a person may see: the regulators' overview (every system side by
side as at one date) and the cases waiting at the person's step."""

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core import authz
from core.addresses import RowAddresses
from core.exports import export_response, requested_format
from core.params import parse_choice, parse_date
from core.reporting_date import PARAMETER, banner, system_date
from escalation.queue import WHY, cases_at_my_step
from partners.models import Region, System
from reports.exports import OVERVIEW, QUEUE
from reports.overview import OverviewRow, overview_date, overview_rows


def _variance(field: str):
    def read(row: OverviewRow):
        value = (row.finance or {}).get(field)
        return (value is None, value or 0)

    return read


# The columns the table sorts by (?order=, "-" first for descending), and how.
ORDERS = {
    "name": lambda row: row.system.name.lower(),
    "region": lambda row: (row.system.get_region_display(), row.system.name.lower()),
    "stage": lambda row: (row.system.get_stage_display(), row.system.name.lower()),
    "red": lambda row: row.count("red"),
    "key": lambda row: row.key_late,
    "late": lambda row: row.key_late,
    "slippage": lambda row: row.key_worst_slippage or 0,
    "cases": lambda row: row.cases_open,
    "regulator": lambda row: row.cases_at_regulator,
    "overdue": lambda row: row.responses_overdue,
    "unquorate": lambda row: len(row.unquorate_committees),
    "ytd": _variance("ytd_variance"),
    "outturn": _variance("variance"),
    "risk": lambda row: row.risk_rank,
    "report": lambda row: row.last_report.month if row.last_report else date.min,
}
HEADERS = (
    ("name", "System"),
    ("red", "Milestones"),
    ("cases", "Escalations"),
    ("unquorate", "Unquorate this month"),
    ("ytd", "Finance (£'000)"),
    ("risk", "Top risks"),
    ("report", "Monthly report"),
)


@dataclass(frozen=True)
class Header:
    key: str
    label: str
    query: str  # the order this header's link asks for
    sort: str  # aria-sort: "ascending", "descending" or "none"


def _headers(order: str) -> list[Header]:
    current, descending = order.lstrip("-"), order.startswith("-")
    headers = []
    for key, label in HEADERS:
        if key == current:
            sort = "descending" if descending else "ascending"
            query = key if descending else f"-{key}"
        else:
            sort, query = "none", key if key in ("name", "stage", "region") else f"-{key}"
        headers.append(Header(key, label, query, sort))
    return headers


# The pages a system's row links to (templates/reports/overview.html).
ROW_PAGES = {
    "dashboard": "reports:dashboard",
    "register": "milestones:milestone-list",
    "board": "escalation:case-board",
    "meetings": "governance:meeting-list",
    "finance": "finance:overview",
    "risks": "escalation:risk-list",
    "reports": "reports:report-list",
    "risk": "escalation:risk-detail",
    "report": "reports:report-detail",
}
RAGS = ("red", "amber", "green", "complete", "undated")


def _table(rows: list[OverviewRow], as_at: str) -> list[tuple[OverviewRow, dict]]:
    """Each row with the addresses its figures link to, as at ``as_at`` (ISO): each page reversed
    once for the table (core.addresses.RowAddresses), not ten times a row, and each address
    written here whole rather than put together in the template from two or three lookups."""
    pages = {key: RowAddresses(name) for key, name in ROW_PAGES.items()}
    return [(row, _links(row, pages, as_at)) for row in rows]


def _links(row: OverviewRow, pages: dict, as_at: str) -> dict:
    slug = row.system.slug
    register, board, meetings, finance = (
        pages[key].of(slug) for key in ("register", "board", "meetings", "finance")
    )
    links = {
        "dashboard": f"{pages['dashboard'].of(slug)}?as_at={as_at}",
        "register": f"{register}?as_at={as_at}",
        **{rag: f"{register}?rag={rag}&as_at={as_at}" for rag in RAGS},
        **{f"key_{rag}": f"{register}?key=1&rag={rag}&as_at={as_at}" for rag in RAGS},
        "board": f"{board}?as_at={as_at}",
        "steps": [(f"{board}?step={step}&as_at={as_at}", step, n) for step, n in row.cases_by_step],
        "overdue": f"{board}?overdue=on&as_at={as_at}",
        "unquorate": [
            (f"{meetings}?committee={c.pk}&period=past&as_at={as_at}", c)
            for c in row.unquorate_committees
        ],
        "meetings": f"{meetings}?period=past&as_at={as_at}",
        "finance": f"{finance}?as_at={as_at}",
        "top_risks": [(f"{pages['risk'](r.pk, slug)}?as_at={as_at}", r) for r in row.top_risks],
        "risks": f"{pages['risks'].of(slug)}?order=-band&as_at={as_at}",
        "reports": f"{pages['reports'].of(slug)}?as_at={as_at}",
    }
    if row.finance:
        links["finance_year"] = f"{finance}?year={quote(row.finance['year'].label)}&as_at={as_at}"
    if row.last_report:
        links["report"] = f"{pages['report'](row.last_report.pk, slug)}?as_at={as_at}"
    return links


def _sorted(rows: list[OverviewRow], order: str) -> list[OverviewRow]:
    key = ORDERS[order.lstrip("-")]
    by_name = sorted(rows, key=ORDERS["name"])
    return sorted(by_name, key=key, reverse=order.startswith("-"))


def filtered_systems(user, request) -> tuple[list, dict]:
    """The user's systems, narrowed by ``?region=`` and ``?stage=`` (choices among their own
    systems' regions and stages only), and the filters chosen."""
    systems = list(authz.visible_systems(user).order_by("name"))
    regions = sorted({s.region for s in systems})
    stages = [value for value, _ in System.Stage.choices if value in {s.stage for s in systems}]
    region = parse_choice(request, "region", regions)
    stage = parse_choice(request, "stage", stages)
    shown = [
        s for s in systems if (not region or s.region == region) and (not stage or s.stage == stage)
    ]
    return shown, {
        "systems": systems,
        "regions": [(value, Region(value).label) for value in regions],
        "stages": [(value, System.Stage(value).label) for value in stages],
        "region": region,
        "stage": stage,
    }


@login_required
def overview(request):
    """Every system the person may see, side by side, as at one date."""
    systems, filters = filtered_systems(request.user, request)
    as_at = overview_date(request)
    request.as_at = as_at
    order = parse_choice(request, "order", [*ORDERS, *(f"-{key}" for key in ORDERS)]) or "name"
    rows = _sorted(overview_rows(request.user, systems, as_at), order)
    if file_format := requested_format(request):
        words = [
            ("Region", Region(filters["region"]).label if filters["region"] else ""),
            ("Stage", System.Stage(filters["stage"]).label if filters["stage"] else ""),
        ]
        return export_response(
            request,
            OVERVIEW,
            rows,
            file_format=file_format,
            filters=[(label, value) for label, value in words if value],
        )
    # A shortcut to each system's own reporting date (a demo system's seed period).
    shortcuts = sorted(
        {(system_date(s), s.short_name) for s in filters["systems"] if s.opens_as_at},
    )
    context = {
        **filters,
        "rows": rows,
        "table": _table(rows, as_at.isoformat()),
        "today": as_at,
        "as_at_iso": as_at.isoformat(),
        "order": order,
        "headers": _headers(order),
        "shortcuts": shortcuts,
        **banner(request),
    }
    return render(request, "reports/overview.html", context)


@login_required
def cases_at_my_step_page(request):
    """The open escalation cases waiting at the person's step, oldest first."""
    user = request.user
    systems = {s.pk: s for s in authz.visible_systems(user).order_by("name")}
    chosen = parse_date(request, PARAMETER)
    # One date asked for: every case judged as at it; else each system as at its own date.
    dates = {pk: chosen or system_date(s) for pk, s in systems.items()}
    request.as_at = chosen
    rows = cases_at_my_step(user, systems, dates)
    if file_format := requested_format(request):
        # The date every row is judged as at when they share one (as My tasks' file says it);
        # else none, and each row gives its own ("As at").
        shared = set(dates.values())
        request.as_at = chosen or (shared.pop() if len(shared) == 1 else None)
        return export_response(request, QUEUE, rows, file_format=file_format)
    context = {"rows": rows, "today": chosen, "why": WHY, **banner(request)}
    return render(request, "reports/cases_at_my_step.html", context)
