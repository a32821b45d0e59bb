"""Reads for milestones: each screen's queryset with its prefetches, and the list selectors.

A register annotates RAG and slippage as at the page's date (``with_rag``: milestones.rag's
expressions, held equal to its functions by test), so it filters, sorts, counts and pages in SQL
and fetches only the rows shown. A single milestone reads them through the model's functions.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.db.models import Count, F, Prefetch, Q
from django.db.models.functions import Coalesce, Lower

from core.as_recorded import as_recorded, end_of
from milestones.models import Baseline, Milestone, ProgressUpdate, Workstream
from milestones.rag import Rag, first_baseline_expression, rag_expression, slippage_expression
from milestones.timeline import TimelineRow
from partners.models import Organisation

# By baseline, the milestones their source leaves undated last on every database.
UNDATED_LAST = F("baseline_on").asc(nulls_last=True)
# "Due": the forecast, or the baseline when there is none, as milestones.rag reads it.
DUE_ON = Coalesce("forecast_on", "baseline_on")


def current(
    queryset: models.QuerySet[Milestone], recorded_on: date | None = None
) -> models.QuerySet[Milestone]:
    """The milestones that count: not withdrawn, nor in a withdrawn workstream. Every RAG count,
    the dashboard, the report and the monthly update read only these. ``recorded_on``: the
    queryset is of history rows as recorded that day (core.as_recorded), and so is the
    workstream's withdrawal."""
    if recorded_on is not None:
        return queryset.filter(withdrawn_on=None).exclude(
            workstream_id__in=_withdrawn_workstreams(queryset, recorded_on)
        )
    return queryset.filter(withdrawn_on=None, workstream__withdrawn_on=None)


def _withdrawn_workstreams(queryset, recorded_on: date):
    """The ids of the workstreams withdrawn as recorded that day, of the systems in scope (the
    milestones are filtered by them: a subquery of their own would nest too deep for SQLite)."""
    workstreams = Workstream.objects.all()
    return as_recorded(workstreams, recorded_on).exclude(withdrawn_on=None).values("id")


def is_current(milestone: Milestone) -> bool:
    """``current`` for a fetched milestone (its workstream already joined)."""
    return not milestone.is_withdrawn and not milestone.workstream.is_withdrawn


def withdrawn(
    queryset: models.QuerySet[Milestone], recorded_on: date | None = None
) -> models.QuerySet[Milestone]:
    if recorded_on is not None:
        return queryset.filter(
            Q(withdrawn_on__isnull=False)
            | Q(workstream_id__in=_withdrawn_workstreams(queryset, recorded_on))
        )
    return queryset.filter(
        Q(withdrawn_on__isnull=False) | Q(workstream__withdrawn_on__isnull=False)
    )


def milestones_for_list(queryset: models.QuerySet[Milestone]) -> models.QuerySet[Milestone]:
    """What RAG and slippage read, so a list costs a fixed number of queries."""
    return queryset.select_related(
        "workstream__plan", "responsible_organisation", "responsible_person"
    ).prefetch_related("baselines")


def milestones_for_page(queryset: models.QuerySet[Milestone]) -> models.QuerySet[Milestone]:
    """A register's shown rows: what its columns read (RAG and slippage are annotated)."""
    return queryset.select_related("workstream", "responsible_organisation")


def workstream_milestones(workstream: Workstream) -> models.QuerySet[Milestone]:
    """A workstream page's rows: the columns its table and timeline read (RAG and slippage are
    annotated), the responsible organisation's short name as ``responsible_short_name``. Each
    is given the workstream the page already holds (the related manager's own), not a joined
    copy of it."""
    return workstream.milestones.only(
        "workstream",
        "title",
        "is_key",
        "withdrawn_on",
        "baseline_on",
        "forecast_on",
        "completed_on",
    ).annotate(responsible_short_name=F("responsible_organisation__short_name"))


def milestones_for_export(queryset: models.QuerySet[Milestone]) -> models.QuerySet[Milestone]:
    """A register's exported rows: its page's columns and the responsible person."""
    return queryset.select_related("workstream", "responsible_organisation", "responsible_person")


def milestone_detail(queryset: models.QuerySet[Milestone]) -> models.QuerySet[Milestone]:
    return queryset.select_related(
        "workstream__plan",
        "responsible_organisation",
        "responsible_person",
        "commitment__agreement",
        "gateway",
    ).prefetch_related(
        Prefetch("baselines", queryset=Baseline.objects.select_related("set_by")),
        Prefetch("updates", queryset=ProgressUpdate.objects.select_related("reported_by")),
        "dependencies__depends_on__workstream",
        "dependents__milestone__workstream",
    )


def dependency_choices(milestone: Milestone, queryset: models.QuerySet[Milestone]):
    """Milestones this one could depend on: the rest of its system, labelled by workstream."""
    return (
        current(queryset.exclude(pk=milestone.pk))
        .select_related("workstream")
        .order_by("workstream__code", "workstream__name", UNDATED_LAST, "title")
    )


def workstreams_for_list(queryset: models.QuerySet[Workstream]) -> models.QuerySet[Workstream]:
    """Each workstream with ``milestone_count``, its milestones that count (not withdrawn),
    counted by the database; their RAG is counted by ``workstream_rag_counts``."""
    return queryset.select_related("plan", "sro", "lead_organisation").annotate(
        milestone_count=Count("milestones", filter=Q(milestones__withdrawn_on=None))
    )


def workstream_rag_counts(
    milestones: models.QuerySet[Milestone], workstreams, as_at: date
) -> dict[int, list[tuple[Rag, int]]]:
    """``rag_counts`` of each of ``workstreams`` (ids, or a queryset of them) as at a date:
    their current milestones' RAG counted by the database, in one query."""
    counted = rag_counters(
        with_rag(current(milestones.filter(workstream__in=workstreams)), as_at), by="workstream"
    )
    return {pk: rag_counts_of(counter) for pk, counter in counted.items()}


def workstream_detail(queryset: models.QuerySet[Workstream]) -> models.QuerySet[Workstream]:
    return queryset.select_related("plan", "sro__organisation", "lead_organisation")


def milestones_for_update(
    queryset: models.QuerySet[Milestone], month: date
) -> models.QuerySet[Milestone]:
    """The monthly update screen: RAG inputs and the update for the month reported on."""
    return (
        queryset.select_related("workstream__plan", "responsible_organisation")
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=ProgressUpdate.objects.filter(month=month).select_related("reported_by"),
                to_attr="this_month",
            )
        )
        .order_by("workstream__code", "workstream__name", UNDATED_LAST, "title", "pk")
    )


def responsible_is(queryset: models.QuerySet[Milestone], user) -> models.QuerySet[Milestone]:
    """The milestones the user is the responsible person for (through their entry in the
    system's people)."""
    return queryset.filter(responsible_person__user=user)


def current_workstreams(queryset: models.QuerySet[Workstream]) -> models.QuerySet[Workstream]:
    """A filter's workstreams: those not withdrawn, in the order the pages list them."""
    return queryset.filter(withdrawn_on=None).order_by("code", "name", "pk")


def responsible_organisations(queryset: models.QuerySet[Milestone], system) -> models.QuerySet:
    """A filter's organisations: the system's partners and any organisation responsible for one
    of these (already scoped) milestones, so a dashboard link to either is a valid choice."""
    responsible = queryset.exclude(responsible_organisation=None).values("responsible_organisation")
    return Organisation.objects.filter(
        Q(partnerships__system=system) | Q(pk__in=responsible)
    ).distinct()


def filter_milestones(
    queryset: models.QuerySet[Milestone],
    *,
    today: date,
    workstream=None,
    organisation=None,
    key: bool = False,
    overdue: bool = False,
    due_within: int | None = None,
) -> models.QuerySet[Milestone]:
    """The date and attribute filters, in SQL. "Due" is the forecast, or the baseline when there
    is none, as milestones.rag reads it."""
    if workstream is not None:
        queryset = queryset.filter(workstream=workstream)
    if organisation is not None:
        queryset = queryset.filter(responsible_organisation=organisation)
    if key:
        queryset = queryset.filter(is_key=True)
    if overdue or due_within is not None:
        queryset = queryset.annotate(due_on=DUE_ON).filter(completed_on=None)
    if overdue:
        queryset = queryset.filter(due_on__lt=today)
    if due_within is not None:
        queryset = queryset.filter(due_within_q(today, due_within))
    return queryset


def due_within_q(today: date, days: int) -> Q:
    """``filter_milestones``' "due within" of a queryset it annotated with ``due_on``, once not
    completed: due from ``today`` to ``days`` days on."""
    return Q(due_on__gte=today) & Q(due_on__lte=today + timedelta(days))


@dataclass(frozen=True)
class MilestoneRow:
    milestone: Milestone
    rag: Rag
    slippage: int


def milestone_rows(milestones: Iterable[Milestone], today: date) -> list[MilestoneRow]:
    return [MilestoneRow(m, m.rag_on(today), m.slippage_on(today)) for m in milestones]


def annotated_rows(annotated: Iterable[Milestone]) -> list[MilestoneRow]:
    """The rows of a ``with_rag`` queryset: RAG and slippage as the database worked them out,
    with no baselines fetched to work them out again."""
    return [MilestoneRow(m, Rag(m.as_at_rag), m.as_at_slippage) for m in annotated]


def with_rag(
    queryset: models.QuerySet[Milestone], as_at: date, recorded_on: date | None = None
) -> models.QuerySet[Milestone]:
    """Each milestone with ``as_at_rag`` and ``as_at_slippage`` (days) as at ``as_at``.
    ``recorded_on``: the queryset is of history rows as recorded that day (core.as_recorded),
    and the first baseline is among those set by then."""
    if recorded_on is not None:
        first = first_baseline_expression(key="id", set_before=end_of(recorded_on))
    else:
        first = first_baseline_expression()
    return queryset.annotate(
        first_baseline=first,
        as_at_rag=rag_expression(as_at),
        as_at_slippage=slippage_expression(as_at),
    )


def rag_counter(annotated: models.QuerySet[Milestone]) -> Counter:
    """How many of each RAG a ``with_rag`` queryset holds, counted by the database (one query);
    a status none has is absent."""
    counted = annotated.order_by().values("as_at_rag").annotate(n=Count("pk"))
    return Counter({Rag(row["as_at_rag"]): row["n"] for row in counted})


def rag_counters(annotated: models.QuerySet[Milestone], by: str | tuple[str, ...]) -> dict:
    """``rag_counter`` for each value of the column ``by`` (e.g. each workstream), or of the
    columns ``by`` names (a tuple of their values: e.g. each system and whether key, for the
    regulators' overview), counted by the database in one query whatever the number of values."""
    columns = (by,) if isinstance(by, str) else by
    counted = annotated.order_by().values_list(*columns, "as_at_rag").annotate(n=Count("pk"))
    counters: dict = {}
    for *values, rag, n in counted:
        key = values[0] if isinstance(by, str) else tuple(values)
        counters.setdefault(key, Counter())[Rag(rag)] = n
    return counters


def rag_counts_in_sql(annotated: models.QuerySet[Milestone]) -> list[tuple[Rag, int]]:
    """``rag_counts`` of a ``with_rag`` queryset, counted by the database."""
    return rag_counts_of(rag_counter(annotated))


def rag_counts_of(counts: dict) -> list[tuple[Rag, int]]:
    return [(rag, counts.get(rag, 0)) for rag in Rag if rag != Rag.UNDATED or counts.get(rag)]


# The list's `order` parameter in SQL for a ``with_rag`` queryset: as SORT_KEYS below (undated
# after the dated, the id last so a page is the same page twice); a leading "-" reverses all.
SQL_ORDER = {
    "baseline": (F("baseline_on"), F("title"), F("pk")),
    "forecast": (DUE_ON, F("title"), F("pk")),
    "slippage": (F("as_at_slippage"), F("title"), F("pk")),
    "title": (Lower("title"), F("pk")),
}


def order_in_sql(annotated: models.QuerySet[Milestone], order: str) -> models.QuerySet[Milestone]:
    name = order.removeprefix("-")
    keys = SQL_ORDER.get(name, SQL_ORDER["baseline"])
    if order.startswith("-"):
        return annotated.order_by(*(key.desc(nulls_first=True) for key in keys))
    return annotated.order_by(*(key.asc(nulls_last=True) for key in keys))


def rag_counts(rags: Iterable[Rag]) -> list[tuple[Rag, int]]:
    """How many of each RAG status, in the order of Rag, every status present (zero when none)
    except "not dated", shown only where some milestone has no date."""
    return rag_counts_of(Counter(rags))


# The list's `order` parameter: name -> sort key. A leading "-" reverses it.
# Each ends with the id: titles repeat across workstreams, and the rows arrive from the
# database in no particular order among equals, so a page would not be the same page twice.
def _date_key(day: date | None) -> tuple:
    """Undated milestones after the dated ones (None does not compare with a date)."""
    return (day is None, day or date.min)


SORT_KEYS = {
    "baseline": lambda row: (
        _date_key(row.milestone.baseline_on),
        row.milestone.title,
        row.milestone.pk,
    ),
    "forecast": lambda row: (
        _date_key(row.milestone.forecast_on or row.milestone.baseline_on),
        row.milestone.title,
        row.milestone.pk,
    ),
    "slippage": lambda row: (row.slippage, row.milestone.title, row.milestone.pk),
    "title": lambda row: (row.milestone.title.casefold(), row.milestone.pk),
}


def sort_rows(rows: list[MilestoneRow], order: str) -> list[MilestoneRow]:
    name = order.removeprefix("-")
    if name not in SORT_KEYS:
        return rows
    return sorted(rows, key=SORT_KEYS[name], reverse=order.startswith("-"))


def timeline_rows(rows: Iterable[MilestoneRow]) -> list[TimelineRow]:
    """The dated milestones: one without a baseline has no place on a time axis (the page lists
    it as not dated)."""
    return [
        TimelineRow(
            title=row.milestone.title,
            baseline=row.milestone.baseline_on,
            forecast=row.milestone.forecast_on,
            completed=row.milestone.completed_on,
            rag=row.rag,
        )
        for row in rows
        if row.milestone.baseline_on is not None
    ]
