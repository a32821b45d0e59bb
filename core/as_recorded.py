"""Registers and records as the database held them on a past date: "as recorded on".

``?recorded_on=YYYY-MM-DD`` shows a page as it could have been read at the end of that day
(Europe/London), rebuilt from django-simple-history: each record is its latest version saved
before the next midnight (what ``history.as_of`` reads), a record first saved later is not there,
and nothing can be changed (no buttons, no forms; a write is refused). This answers "what did we
know at the time?".

It is not the reporting date (``?as_at=``, ``core.reporting_date``), which evaluates today's
records as at a date: RAG, slippage and overdue are still derived, from the records as recorded,
as at the reporting date. When the page is asked for a recorded date and no reporting date,
the reporting date is the one the page would have had that day: the system's (its opening date,
else today) or the recorded date, whichever is earlier. The banner says which date is which.

A reader sees the past versions of the records they may see now (the register's own queryset,
scoped and filtered as the page filters it, is the gate): a record they may not see today is
not shown as it was either.

History rows carry the record's own field names, so a register filters, sorts, counts and pages
them with its own queryset code (``as_recorded``); a row becomes its record (``instance_of``)
only to be shown. A record's relations are followed as they are now, except where a page reads
the related records as recorded too (``attach_recorded``; its parts, ``parts_as_recorded``,
``set_parts`` and, for a page of records, ``attach_parts``).

Read-only holds for every template at once: ``core.pages.tracker`` gives no page's template
``can_administer`` while it shows records as recorded.
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from functools import wraps
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone

from core.history import history_rows
from core.params import BadParameter, parse_date

PARAMETER = "recorded_on"
HISTORY_FIELDS = ("history_id", "history_date", "history_change_reason", "history_type")


def parse(request) -> date | None:
    """``?recorded_on=``: a real, plausible date no later than today, or a 400 naming it."""
    day = parse_date(request, PARAMETER)
    today = timezone.localdate()
    if day is not None and day > today:
        raise BadParameter(
            PARAMETER,
            f"{_words(day)} is still to come: choose today ({_words(today)}) or an earlier "
            "date. Nothing has been recorded on a day that has not happened yet.",
        )
    return day


def _words(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def end_of(day: date) -> datetime:
    """The first instant after ``day`` in the site's time zone: a version saved earlier was
    recorded on or before that day."""
    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


def recordable(view: Callable) -> Callable:
    """For a view wrapped in ``core.pages.system_view`` that can show itself as recorded on a
    date: sets ``request.recorded_on`` (None for today's records), refuses anything but a read
    then, and takes the reporting date the page would have had on that day unless one is
    asked for."""

    @wraps(view)
    def wrapper(request: HttpRequest, system, *args, **kwargs):
        day = parse(request)
        request.recorded_on = day
        if day is not None:
            if request.method not in ("GET", "HEAD"):
                return HttpResponseNotAllowed(["GET", "HEAD"])
            if not request.GET.get("as_at"):
                request.as_at = min(request.as_at, day)
        return view(request, system, *args, **kwargs)

    return wrapper


def recorded_on(request) -> date | None:
    """The day the page shows its records as recorded on, or None (today's records)."""
    return getattr(request, "recorded_on", None)


def as_recorded(visible: models.QuerySet, day: date) -> models.QuerySet:
    """The version of each of ``visible``'s records that stood at the end of ``day``, as history
    rows (a record deleted by then, or first saved later, is not among them).

    ``visible`` is the page's queryset of the records the reader may see (scoped); filter, order
    and annotate the rows after this by the record's field names, as the page does its records
    (a reverse relation, or ``pk`` meaning the record's id, needs the record's id: ``id_of``)."""
    model = visible.model
    key = model._meta.pk.attname
    return _standing(model, day, **{f"{key}__in": visible.values("pk")})


def parts_as_recorded(model: type[models.Model], day: date, **lookup) -> models.QuerySet:
    """The parts of a record (its baselines, its links) as they stood at the end of ``day``, as
    history rows: those ``lookup`` names by the record's own fields (``milestone_id=12``),
    including parts deleted since. The record itself must be one the reader may see."""
    return _standing(model, day, **lookup)


def _standing(model, day: date, **lookup) -> models.QuerySet:
    """Each record's latest version saved by the end of ``day``, unless that is its deletion,
    in the model's own order (the record's id last)."""
    versions = model.history.filter(history_date__lt=end_of(day), **lookup)
    return versions.latest_of_each().exclude(history_type="-").order_by(*_ordering(model))


def _ordering(model) -> list:
    key = model._meta.pk.attname
    names = []
    for name in model._meta.ordering or ():
        if isinstance(name, str) and name.lstrip("-") == "pk":
            name = name.replace("pk", key)
        names.append(name)
    return [*names, key]


def id_of(queryset: models.QuerySet) -> str:
    """The name of the record's id in ``queryset``: ``pk`` for records, the model's key for
    history rows (whose own ``pk`` is the version's)."""
    model = queryset.model
    instance_type = getattr(model, "instance_type", None)
    return instance_type._meta.pk.attname if instance_type is not None else "pk"


def records(request, visible: models.QuerySet) -> models.QuerySet:
    """The page's records: ``visible`` itself, or its history rows as recorded on the day the
    page asks for."""
    day = recorded_on(request)
    return visible if day is None else as_recorded(visible, day)


def instance_of(row):
    """A history row as its record, as ``history.as_of`` gives it, keeping what the row's query
    read besides its fields: the related records it selected and its annotations. A record (not
    a history row) is returned as it is. ``recorded`` on the result is the history row (when it
    was saved, by whom, why)."""
    if not hasattr(row, "history_id"):
        return row
    record = row.instance
    fields = {f.attname for f in row._meta.concrete_fields}
    for name, value in vars(row).items():
        if name.startswith("_") or name in fields or name in vars(record):
            continue
        setattr(record, name, value)  # an annotation
    record._state.fields_cache.update(
        {k: v for k, v in row._state.fields_cache.items() if k != "history_user"}
    )
    record._state.adding = False
    record._state.db = row._state.db
    record.recorded = row
    return record


def instances(rows: Iterable) -> list:
    return [instance_of(row) for row in rows]


def version_of(visible: models.QuerySet, pk, day: date, *related: str):
    """The record ``pk`` among ``visible`` as recorded at the end of ``day`` (``related``: the
    relations to read with it), or None when it had not been recorded yet (or had been
    deleted)."""
    row = as_recorded(visible.filter(pk=pk), day).select_related(*related).first()
    return instance_of(row) if row is not None else None


def history_until(record: models.Model, day: date) -> models.QuerySet:
    """The record's versions saved by the end of ``day``: its history as it then stood."""
    return record.history.filter(history_date__lt=end_of(day))


def first_recorded(record: models.Model) -> datetime | None:
    first = record.history.order_by("history_date").values_list("history_date", flat=True)
    return first.first()


def banner(request) -> dict:
    """Template context: ``recorded_on`` (the page shows its records as recorded that day) and
    ``recorded_param`` for a GET form's hidden field; a link to another page carries it with
    the reporting date in ``dates_query`` (core.pages)."""
    day = recorded_on(request)
    if day is None:
        return {}
    return {
        "recorded_on": day,
        "recorded_param": day.isoformat(),
        "recorded_as_at": getattr(request, "as_at", None),
    }


def attach_recorded(records: Iterable[models.Model], field: str, day: date, *related: str) -> None:
    """Put on each of ``records`` the record its foreign key ``field`` names as it was recorded
    at the end of ``day`` (one query; ``related`` are the relations to read with it), so a page
    shows a milestone's workstream as it then stood. A related record not yet recorded then
    stays as it is now."""
    records = list(records)
    model = records[0]._meta.get_field(field).related_model if records else None
    if model is None:
        return
    attname = records[0]._meta.get_field(field).attname
    ids = {getattr(record, attname) for record in records} - {None}
    rows = parts_as_recorded(model, day, **{f"{model._meta.pk.attname}__in": ids})
    then = {row.pk: row for row in instances(rows.select_related(*related))} if ids else {}
    for record in records:
        version = then.get(getattr(record, attname))
        if version is not None:
            record._meta.get_field(field).set_cached_value(record, version)


def set_parts(record: models.Model, name: str, parts: Iterable) -> None:
    """Make ``record.<name>.all()`` (a reverse relation) give ``parts`` without a query, as a
    prefetch would: its parts as recorded, each reading ``record`` as the one it belongs to."""
    manager = getattr(record, name)
    queryset = manager.all()
    parts = list(parts)
    for part in parts:  # each part's own link back to the record, as a prefetch sets it
        manager.field.set_cached_value(part, record)
    queryset._result_cache = parts
    queryset._prefetch_done = True
    record.__dict__.setdefault("_prefetched_objects_cache", {})
    record._prefetched_objects_cache[manager.field.remote_field.cache_name] = queryset


def record_history(
    request,
    record: models.Model,
    *,
    downloads: bool = True,
    rows: Callable[[int | None], list] | None = None,
    limit: int = 50,
) -> dict:
    """The history section's context on a record's page that can show itself as recorded: its
    changes (the latest ``limit``), each linking to the record as recorded that day, and
    (``downloads``) every change as a spreadsheet; as recorded on a date, only the changes made
    by then, and how many came later.

    ``rows(limit)`` gives a record's history with its parts' (a committee's members, a
    meeting's decisions), newest first, when the record's own is not all of it; as recorded,
    its changes after the day are left out (each part's change is against that part's version
    before it, so nothing later shows through)."""
    day = recorded_on(request)
    context = {"history_recorded": True}
    if day is None:
        shown = history_rows(record, limit) if rows is None else rows(limit)
        return {**context, "history": shown, "history_downloads": downloads}
    if rows is None:
        return {
            **context,
            "history": history_rows(record, limit, records=history_until(record, day)),
            "history_later": record.history.filter(history_date__gte=end_of(day)).count(),
        }
    every = rows(None)
    then = [row for row in every if row.when < end_of(day)]
    return {**context, "history": then[:limit], "history_later": len(every) - len(then)}


def attach_parts(
    records: Iterable[models.Model], name: str, model: type[models.Model], day: date, *related
) -> None:
    """Give each of ``records`` its parts (the reverse relation ``name``, of ``model``) as they
    stood at the end of ``day``, in one query for them all, as a prefetch would: a register's
    committees with their terms of reference as recorded. ``related``: relations to read with
    each part."""
    records = list(records)
    if not records:
        return
    field = getattr(type(records[0]), name).field
    ids = {record.pk for record in records}
    rows = parts_as_recorded(model, day, **{f"{field.attname}__in": ids}).select_related(*related)
    by_record: dict = {pk: [] for pk in ids}
    for part in instances(rows):
        by_record[getattr(part, field.attname)].append(part)
    for record in records:
        set_parts(record, name, by_record[record.pk])


def not_yet_recorded(request, record: models.Model, *, back: str) -> HttpResponse:
    """The page of a record asked for as recorded on a day before it was first saved: 404,
    saying when it was first recorded, with a link to it as it is now (``back``)."""
    return render(
        request,
        "core/not_yet_recorded.html",
        {
            "record": record,
            "kind": record._meta.verbose_name,
            "first": first_recorded(record),
            "back": back,
        },
        status=404,
    )
