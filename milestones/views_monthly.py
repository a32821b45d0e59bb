"""The monthly update: each milestone's progress in a month, a page of milestones at a time.

Whose milestones are shown is chosen (the signed-in person's own by default, if any; a partner
lead sees only their organisation's), and a workstream or organisation; a save records the
page's changed rows together, or none of them, with each error next to its field.

Each row carries what it showed when the page was opened (``seen``: the forecast, the completed
date and the month's update, as one fingerprint). A row left as it was is not recorded, even if
someone has changed that milestone since (their change stays); a row changed on a page opened
before someone else changed the same milestone is refused, naming them, and saved only when
sent again (core.stale does the same for a record's edit form).
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from operator import attrgetter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.text import Truncator

from core import authz
from core.forms import add_service_error
from core.pages import require, system_view
from core.params import BadParameter, parse_page
from core.reporting_date import system_date
from core.stale import changed_by
from milestones import querysets, services
from milestones.forms import MonthlyUpdateFilterForm, MonthlyUpdateForm
from milestones.models import Milestone, ProgressUpdate
from milestones.views import _filters, _milestones, _workstreams


@dataclass
class UpdateRow:
    milestone: Milestone
    rag: str
    existing: object  # the update for the month reported on, or None
    form: MonthlyUpdateForm | None
    seen: str | None = None  # what the row showed when the page was opened (``fingerprint``)


def fingerprint(narrative: str, forecast_on: date | None, completed_on: date | None) -> str:
    """A row's values as one short text: the dates, and a digest of the update's words (line
    ends as any browser sends them)."""
    words = (narrative or "").replace("\r\n", "\n").strip()
    digest = hashlib.sha256(words.encode()).hexdigest()[:16]
    return f"{forecast_on or ''}|{completed_on or ''}|{digest}"


def _stored(milestone: Milestone) -> str:
    """The fingerprint of what is recorded for the milestone (``milestones_for_update``)."""
    existing = milestone.this_month[0] if milestone.this_month else None
    narrative = existing.narrative if existing else ""
    return fingerprint(narrative, milestone.forecast_on, milestone.completed_on)


def _update_rows(milestones, as_at: date, data=None, editable: bool = True) -> list[UpdateRow]:
    """Each milestone's row, its RAG as at the page's reporting date (``request.as_at``)."""
    rows = []
    for milestone in milestones:
        existing = milestone.this_month[0] if milestone.this_month else None
        form, seen = None, None
        if editable:
            initial = {
                "narrative": existing.narrative if existing else "",
                "forecast_on": milestone.forecast_on,
                "completed_on": milestone.completed_on,
            }
            form = MonthlyUpdateForm(data, prefix=f"m{milestone.pk}", initial=initial)
            seen = _stored(milestone) if data is None else data.get(f"m{milestone.pk}-seen")
        rows.append(UpdateRow(milestone, milestone.rag_on(as_at), existing, form, seen))
    return rows


def _record_updates(rows: list[UpdateRow], actor, today: date, month: date, stored) -> int | None:
    """Record every changed row in one transaction, holding the rows' milestones: how many were
    recorded, or None when nothing was (an error, or someone else's change, on a row). Unless
    the page did not say what it showed (a script), a row is compared with what it showed: left
    as it was, it is not recorded; changed where someone else has since changed the milestone,
    it is refused. ``stored()``: the rows' milestones as recorded now."""
    # Every row is checked, its service's rules too, so that one save reports every problem.
    valid = [row.form.is_valid() for row in rows]
    ok, recorded = all(valid), 0
    with transaction.atomic():
        ids = [row.milestone.pk for row in rows]
        list(Milestone._base_manager.select_for_update().filter(pk__in=ids).values_list("pk"))
        now = {milestone.pk: milestone for milestone in stored()}
        for row in (row for row, checked in zip(rows, valid, strict=True) if checked):
            data = row.form.cleaned_data
            typed = fingerprint(data["narrative"], data["forecast_on"], data["completed_on"])
            current = _stored(now[row.milestone.pk])
            if row.seen is None:
                # Not a page we rendered: unchanged rows (against what is recorded) are left.
                if not row.form.has_changed():
                    continue
            elif typed in (row.seen, current):
                continue  # left as shown, or already as typed: nothing to record
            elif row.seen != current:
                row.form.add_error(None, _changed_since(now[row.milestone.pk], month))
                row.seen = current  # saving again replaces theirs, knowingly
                ok = False
                continue
            try:
                services.progress_update_record(
                    actor=actor,
                    milestone=now[row.milestone.pk],
                    month=month,
                    narrative=data["narrative"],
                    forecast_on=data["forecast_on"],
                    completed_on=data["completed_on"],
                    today=today,
                )
                recorded += 1
            except ValidationError as error:
                add_service_error(row.form, error)
                ok = False
        if not ok:
            transaction.set_rollback(True)
    return recorded if ok else None


def _changed_since(milestone: Milestone, month: date) -> str:
    """What someone else recorded for the milestone after the page was opened, and who."""
    records = [milestone.history.select_related("history_user").first()]
    update = ProgressUpdate.objects.filter(milestone=milestone, month=month).first()
    if update is not None:
        records.append(update.history.select_related("history_user").first())
    latest = max((r for r in records if r is not None), key=attrgetter("history_date"))
    words = Truncator(update.narrative).chars(200) if update is not None else ""
    values = [
        f"forecast {_day(milestone.forecast_on)}",
        f"completed {_day(milestone.completed_on)}",
        f"update for {date_format(month, 'F Y')} {'“' + words + '”' if words else 'none'}",
    ]
    return (
        f"This milestone's update was {changed_by(latest)} since you opened the page. Their "
        f"values: {'; '.join(values)}. Your changes are below and were not saved: check them "
        "and save again to replace theirs."
    )


def _day(value: date | None) -> str:
    return date_format(value, "j F Y") if value else "none"


# A page of the monthly update: enough to work through a workstream in a few saves, and small
# enough that the page stays light whatever the size of the system.
UPDATE_PAGE_SIZE = 20
# At most this many rows are saved by one request (a page's, with room for a stale page size).
UPDATE_MAX_ROWS = 100


def _whose(form, filters: dict, mine) -> str:
    """Whose milestones are shown: as chosen; by default the signed-in person's own, if they
    are responsible for any, unless a link names an organisation or a workstream (a reminder's
    link names the organisation, also to its partner lead, whose form has no such field)."""
    if filters.get("whose"):
        return filters["whose"]
    named = any(form.data.get(name) for name in ("organisation", "workstream"))
    if named or not mine.exists():
        return "all"
    return "mine"


def _posted_ids(request) -> set[int]:
    try:
        ids = {int(value) for value in request.POST.getlist("milestone")}
    except ValueError:
        raise Http404("No such milestone.") from None
    if len(ids) > UPDATE_MAX_ROWS:
        raise BadParameter("milestone", f"Save at most {UPDATE_MAX_ROWS} milestones at a time.")
    return ids


def _after_save(request, page_number: int) -> str:
    """Where a save goes: the same page, or the next one when asked ("Save and show the next")."""
    params = request.GET.copy()
    if request.POST.get("then") == "next":
        params["page"] = str(page_number + 1)
    query = params.urlencode()
    return f"{request.path}?{query}" if query else request.path


@system_view
def monthly_update(request, system):
    """One page of milestones at a time (``UPDATE_PAGE_SIZE``), chosen by month, whose they are
    and workstream; a save records that page's changed rows together, or none of them."""
    user = request.user
    # The update is given at the system's present (today; a demo system's opening date, as
    # its reminders ask: milestones.due), for a month around it; the RAG shown is as at the
    # page's reporting date (``request.as_at``), as on every other page.
    today = system_date(system)
    milestones = querysets.current(_milestones(request, system))
    editable = authz.can_record_progress(user, system)
    own = authz.progress_organisation_id(user, system)
    # A partner lead reports on what their organisation is responsible for, nothing else.
    if own is not None:
        milestones = milestones.filter(responsible_organisation_id=own)
    filter_form = MonthlyUpdateFilterForm(
        request.GET or None,
        today=today,
        with_organisation=own is None,
        querysets={
            "organisation": querysets.responsible_organisations(milestones, system),
            "workstream": querysets.current_workstreams(_workstreams(request, system)),
        },
    )
    filters = _filters(filter_form)
    # The month reported on: the month just ended unless another is chosen (an invalid choice is
    # reported next to the field and the month just ended is shown).
    month = filters.get("month") or filter_form.default_month
    shown = milestones
    if filters.get("organisation") is not None:
        shown = shown.filter(responsible_organisation=filters["organisation"])
    if filters.get("workstream") is not None:
        shown = shown.filter(workstream=filters["workstream"])
    mine = querysets.responsible_is(shown, user)
    whose = _whose(filter_form, filters, mine)
    filter_form.show_whose(whose)
    if whose == "mine":
        shown = mine
    context = {
        "month": month,
        "editable": editable,
        "filter_form": filter_form,
        "whose": whose,
        "lead": own is not None,
        "current": month == today.replace(day=1),
    }

    if request.method == "POST":
        require(editable)
        ids = _posted_ids(request)
        # Looked up in the whole system, so another organisation's milestone is refused (403).
        every = querysets.current(_milestones(request, system))
        posted = querysets.milestones_for_update(every.filter(pk__in=ids), month)
        rows = _update_rows(posted, request.as_at, data=request.POST)
        if len(rows) != len(ids):
            raise Http404("No such milestone.")
        for row in rows:
            require(authz.can_record_progress_on(user, system, row.milestone))

        def stored():
            return querysets.milestones_for_update(every.filter(pk__in=ids), month)

        saved = _record_updates(rows, user, today, month, stored)
        if saved is not None:
            messages.success(
                request,
                f"{saved} update{'' if saved == 1 else 's'} for {month:%B %Y} recorded.",
            )
            return redirect(_after_save(request, parse_page(request)))
        # Nothing was saved: show the milestones as stored, with what was typed.
        now = {m.pk: m for m in stored()}
        for row in rows:
            row.milestone = now[row.milestone.pk]
            row.existing = row.milestone.this_month[0] if row.milestone.this_month else None
            row.rag = row.milestone.rag_on(request.as_at)
        context.update(rows=rows, has_errors=True, page=_update_page(request, shown, month))
        return render(request, "milestones/monthly_update.html", context)

    page = _update_page(request, shown, month)
    rows = _update_rows(page.object_list, request.as_at, editable=editable)
    context.update(rows=rows, page=page)
    return render(request, "milestones/monthly_update.html", context)


def _update_page(request, shown, month: date):
    return Paginator(querysets.milestones_for_update(shown, month), UPDATE_PAGE_SIZE).get_page(
        parse_page(request)
    )
