"""Pages for milestones: the list, a milestone, workstreams with their timeline (the monthly update
is in views_monthly).

Every RAG shown is milestones.rag as at the page's date (``request.as_at``): the register through
its database expressions (filtered, sorted, counted and paged in SQL), a single milestone or a
workstream's few through ``Milestone.rag_on``.
"""

import functools
from typing import NamedTuple

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats
from django.views.decorators.http import require_POST

from core import as_recorded, authz
from core.addresses import RowAddresses
from core.exports import export_response, filters_in_words, requested_format
from core.forms import add_service_error
from core.history import history_download, history_rows
from core.once import submitted_once
from core.ordering import page_ordering
from core.pages import require, system_view
from core.params import parse_choice, parse_page
from core.reporting_date import banner
from milestones import querysets, services
from milestones.exports import MILESTONES, WORKSTREAMS
from milestones.forms import (
    DependencyForm,
    MilestoneFilterForm,
    RebaselineForm,
    WorkstreamFilterForm,
)
from milestones.models import Baseline, Dependency, Milestone, ProgressUpdate, Workstream
from milestones.rag import Rag
from milestones.timeline import timeline_svg

PAGE_SIZE = 25


def _milestones(request, system):
    return authz.scoped(request.user, Milestone).filter(workstream__plan__system=system)


def _workstreams(request, system):
    return authz.scoped(request.user, Workstream).filter(plan__system=system)


def _filters(form) -> dict:
    """The valid GET filters; an invalid one is reported next to its field and ignored."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return form.cleaned_data


def _sort_headers(order: str, columns: dict[str, str]) -> list[dict]:
    """Column headers that sort the list: a second click reverses; aria-sort says which way."""
    headers = []
    for name, label in columns.items():
        current = order.removeprefix("-") == name
        descending = current and order.startswith("-")
        headers.append(
            {
                "label": label,
                "order": name if not current or descending else f"-{name}",
                "aria_sort": ("descending" if descending else "ascending") if current else "",
            }
        )
    return headers


def _withdrawn_filter(milestones, choice: str | None, recorded_on=None):
    if choice == "only":
        return querysets.withdrawn(milestones, recorded_on)
    if choice == "include":
        return milestones
    return querysets.current(milestones, recorded_on)


def _as_shown(rows, recorded_on) -> list:
    """History rows as their milestones, each with its workstream as recorded that day."""
    milestones = as_recorded.instances(rows)
    as_recorded.attach_recorded(milestones, "workstream", recorded_on, "plan")
    return milestones


@system_view
@as_recorded.recordable
def milestone_list(request, system):
    """The register; as recorded on a past date (``?recorded_on=``, core.as_recorded), the same
    filters, order, counts and download of the milestones as they then stood."""
    as_at = request.as_at
    recorded_on = request.recorded_on
    file_format = requested_format(request)
    milestones = _milestones(request, system)
    form = MilestoneFilterForm(
        request.GET or None,
        querysets={
            "workstream": _workstreams(request, system),
            "organisation": querysets.responsible_organisations(milestones, system),
        },
    )
    filters = _filters(form)
    listed = querysets.with_rag(
        querysets.filter_milestones(
            _withdrawn_filter(
                as_recorded.records(request, milestones), filters.get("withdrawn"), recorded_on
            ),
            today=as_at,
            workstream=filters.get("workstream"),
            organisation=filters.get("organisation"),
            key=filters.get("key") == "1",
            overdue=filters.get("overdue") == "1",
            due_within=filters.get("due_within"),
        ),
        as_at,
        recorded_on,
    )
    rag = filters.get("rag") or ""
    order = filters.get("order") or "baseline"
    ordered = querysets.order_in_sql(listed.filter(as_at_rag=rag) if rag else listed, order)
    if file_format:
        exported = querysets.milestones_for_export(ordered)
        if recorded_on is not None:
            exported = _as_shown(exported, recorded_on)
        return export_response(
            request,
            MILESTONES,
            exported,
            file_format=file_format,
            filters=filters_in_words(form),
        )
    page = Paginator(querysets.milestones_for_page(ordered), PAGE_SIZE).get_page(
        parse_page(request)
    )
    # Withdrawn milestones are listed when asked for, and never counted.
    counts = querysets.rag_counts_in_sql(querysets.current(listed, recorded_on))
    shown = _as_shown(page.object_list, recorded_on) if recorded_on else page.object_list
    page.object_list = querysets.annotated_rows(shown)
    context = {
        "form": form,
        "page": page,
        "counts": counts,
        "rag": rag,
        "headers": _sort_headers(
            order,
            {"title": "Milestone", "baseline": "Baseline", "forecast": "Forecast"},
        ),
        "slippage_header": _sort_headers(order, {"slippage": "Slippage (days)"})[0],
        "can_update": recorded_on is None and authz.can_record_progress(request.user, system),
        "may_add": recorded_on is None and authz.can_administer(request.user, system),
    }
    return render(request, "milestones/milestone_list.html", context)


def _detail_context(
    request, system, milestone, rebaseline_form=None, dependency_form=None, downloads=False
):
    """The page's context; ``downloads`` offers the history as a spreadsheet (on the page's own
    address, not after a refused form's POST)."""
    as_at = request.as_at
    recorded = as_recorded.recorded_on(request) is not None
    context = {
        "milestone": milestone,
        "rag": milestone.rag_on(as_at),
        "slippage": milestone.slippage_on(as_at),
        "baselines": sorted(milestone.baselines.all(), key=lambda b: b.set_at),
        "updates": milestone.updates.all(),
        "dependencies": milestone.dependencies.all(),
        "dependents": milestone.dependents.all(),
        **as_recorded.record_history(request, milestone, downloads=downloads),
        "can_administer": not recorded and authz.can_administer(request.user, system),
        "can_update": not recorded
        and authz.can_record_progress_on(request.user, system, milestone),
    }
    # A withdrawn milestone is kept as it was: nothing more is changed on it.
    context["may_change"] = context["can_administer"] and querysets.is_current(milestone)
    if context["may_change"]:
        context["rebaseline_form"] = rebaseline_form or RebaselineForm()
        workstreams, shown = _dependency_workstreams(request, system, milestone)
        choices = querysets.dependency_choices(milestone, _milestones(request, system))
        form = dependency_form or DependencyForm(querysets={"depends_on": choices})
        # One workstream's milestones at a time (a system may have thousands); a refused form
        # was checked against them all, and is shown again with the workstream it was sent from.
        form.fields["depends_on"].queryset = choices.filter(workstream_id=shown)
        context.update(
            dependency_form=form,
            dependency_workstreams=workstreams,
            dependency_workstream=shown,
        )
    return context


DEPENDENCY_WORKSTREAM = "depends_workstream"


def _dependency_workstreams(request, system, milestone) -> tuple[list, int]:
    """The system's current workstreams, as (id, name) pairs, and the one whose milestones the
    "depends on" list offers: ``?depends_workstream=`` (a workstream of the list, else a 400
    naming it), by default the milestone's own."""
    workstreams = [
        (pk, str(Workstream(pk=pk, code=code, name=name)))
        for pk, code, name in querysets.current_workstreams(
            _workstreams(request, system)
        ).values_list("pk", "code", "name")
    ]
    chosen = parse_choice(request, DEPENDENCY_WORKSTREAM, [str(pk) for pk, _ in workstreams])
    return workstreams, int(chosen) if chosen else milestone.workstream_id


def _get_milestone(request, system, pk: int) -> Milestone:
    return authz.get_visible_or_404(
        request.user, querysets.milestone_detail(_milestones(request, system)), pk=pk
    )


@system_view
@as_recorded.recordable
def milestone_detail(request, system, pk: int):
    milestone = _get_milestone(request, system, pk)
    if request.recorded_on is not None:
        return _recorded_detail(request, system, milestone)
    if download := history_download(request, milestone, lambda: history_rows(milestone, None)):
        return download
    context = _detail_context(request, system, milestone, downloads=True)
    return render(request, "milestones/milestone_detail.html", context)


def _recorded_detail(request, system, now: Milestone):
    """The milestone as recorded at the end of ``request.recorded_on`` (core.as_recorded): its
    fields, workstream, baselines, monthly updates and dependencies as they then stood, and its
    history to that day; read-only."""
    day = request.recorded_on
    milestone = as_recorded.version_of(
        _milestones(request, system),
        now.pk,
        day,
        "responsible_organisation",
        "responsible_person",
        "commitment__agreement",
        "gateway",
    )
    if milestone is None:
        back = reverse("milestones:milestone-detail", args=[system.slug, now.pk])
        return as_recorded.not_yet_recorded(request, now, back=back)
    as_recorded.attach_recorded([milestone], "workstream", day, "plan")
    parts = {
        "baselines": as_recorded.parts_as_recorded(
            Baseline, day, milestone_id=now.pk
        ).select_related("set_by"),
        "updates": as_recorded.parts_as_recorded(
            ProgressUpdate, day, milestone_id=now.pk
        ).select_related("reported_by"),
        "dependencies": as_recorded.parts_as_recorded(
            Dependency, day, milestone_id=now.pk
        ).select_related("depends_on__workstream"),
        "dependents": as_recorded.parts_as_recorded(
            Dependency, day, depends_on_id=now.pk
        ).select_related("milestone__workstream"),
    }
    for name, rows in parts.items():
        as_recorded.set_parts(milestone, name, as_recorded.instances(rows))
    return render(
        request, "milestones/milestone_detail.html", _detail_context(request, system, milestone)
    )


@system_view
@require_POST
def milestone_rebaseline(request, system, pk: int):
    milestone = _get_milestone(request, system, pk)
    require(authz.can_administer(request.user, system))
    form = RebaselineForm(request.POST)
    if form.is_valid():
        verb = "moved" if milestone.baseline_on else "set"  # the first date of an undated one
        try:
            services.milestone_rebaseline(
                actor=request.user, milestone=milestone, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Baseline {verb} to {milestone.baseline_on:%-d %B %Y}.")
            return redirect("milestones:milestone-detail", slug=system.slug, pk=milestone.pk)
    # The service may have changed the instance before refusing: show the stored milestone.
    milestone = _get_milestone(request, system, pk)
    context = _detail_context(request, system, milestone, rebaseline_form=form)
    return render(request, "milestones/milestone_detail.html", context)


@system_view
@submitted_once
@require_POST
def dependency_create(request, system, pk: int):
    milestone = _get_milestone(request, system, pk)
    require(authz.can_administer(request.user, system))
    form = DependencyForm(
        request.POST,
        querysets={
            "depends_on": querysets.dependency_choices(milestone, _milestones(request, system))
        },
    )
    if form.is_valid():
        try:
            services.dependency_add(
                actor=request.user, milestone=milestone, depends_on=form.cleaned_data["depends_on"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Now depends on {form.cleaned_data['depends_on']}.")
            return redirect("milestones:milestone-detail", slug=system.slug, pk=milestone.pk)
    context = _detail_context(request, system, milestone, dependency_form=form)
    return render(request, "milestones/milestone_detail.html", context)


WORKSTREAM_ORDER = {
    "code": ("code", "name"),
    "name": ("name", "code"),
    "target_date": ("target_date", "code"),
    "-target_date": ("-target_date", "code"),
}


@system_view
def workstream_list(request, system):
    today = request.as_at
    form = WorkstreamFilterForm(request.GET or None)
    filters = _filters(form)
    workstreams = querysets.workstreams_for_list(_workstreams(request, system))
    if filters.get("withdrawn") == "only":
        workstreams = workstreams.exclude(withdrawn_on=None)
    elif filters.get("withdrawn") != "include":
        workstreams = workstreams.filter(withdrawn_on=None)
    if filters.get("objective_kind"):
        workstreams = workstreams.filter(objective_kind=filters["objective_kind"])
    order = WORKSTREAM_ORDER[filters.get("order") or "code"]
    workstreams = workstreams.order_by(*page_ordering(*order, model=Workstream))

    def counted_rows(listed, ids):
        # A withdrawn workstream's milestones are not counted (it is listed only when asked for).
        counts = querysets.workstream_rag_counts(_milestones(request, system), ids, today)
        none = querysets.rag_counts([])
        return [(w, [] if w.is_withdrawn else counts.get(w.pk, none)) for w in listed]

    file_format = requested_format(request)
    if file_format:
        return export_response(
            request,
            WORKSTREAMS,
            counted_rows(workstreams, workstreams.order_by().values("pk")),
            file_format=file_format,
            filters=filters_in_words(form),
        )
    page = Paginator(workstreams, PAGE_SIZE).get_page(parse_page(request))
    listed = list(page.object_list)
    rows = counted_rows(listed, [w.pk for w in listed])
    return render(
        request, "milestones/workstream_list.html", {"form": form, "page": page, "rows": rows}
    )


@system_view
def workstream_detail(request, system, pk: int):
    today = request.as_at
    workstream = authz.get_visible_or_404(
        request.user, querysets.workstream_detail(_workstreams(request, system)), pk=pk
    )
    if download := history_download(request, workstream, lambda: history_rows(workstream, None)):
        return download
    rows = querysets.annotated_rows(
        querysets.with_rag(querysets.workstream_milestones(workstream), today)
    )
    # Withdrawn milestones are listed, labelled, but neither counted nor drawn.
    current = [row for row in rows if querysets.is_current(row.milestone)]
    svg = timeline_svg(
        querysets.timeline_rows(current),
        today,
        label=f"Timeline of {workstream}'s milestones",
        # The banner's own test of whether the page is as at another date than today.
        is_today="as_at" not in banner(request),
    )
    context = {
        "workstream": workstream,
        "may_change": authz.can_administer(request.user, system) and not workstream.is_withdrawn,
        "rows": _table_rows(rows, system.slug),
        "counts": querysets.rag_counts(row.rag for row in current),
        "timeline": svg,
        "history": history_rows(workstream),
        "history_downloads": True,
    }
    return render(request, "milestones/workstream_detail.html", context)


class TableRow(NamedTuple):
    """A workstream page's row: the milestone, its RAG, and what the table writes the same way
    on many rows made once for the page: the address reversed once, each status's tag rendered
    once, each date and number of days written once (a plan's dates repeat: month and quarter
    ends), as the template's ``date:"j M Y"`` and ``{{ }}`` would write them."""

    milestone: Milestone
    rag: Rag
    slippage: str
    address: str
    rag_tag: str
    baseline: str
    forecast: str
    completed: str


def _table_rows(rows: list[querysets.MilestoneRow], slug: str) -> list[TableRow]:
    address = RowAddresses("milestones:milestone-detail")
    rag_tags = {rag: render_to_string("milestones/_rag.html", {"rag": rag}) for rag in Rag}
    day = functools.cache(
        lambda value: "" if value is None else formats.date_format(value, "j M Y")
    )
    number = functools.cache(formats.localize)
    return [
        TableRow(
            row.milestone,
            row.rag,
            number(row.slippage),
            address(row.milestone.pk, slug),
            rag_tags[row.rag],
            day(row.milestone.baseline_on),
            day(row.milestone.forecast_on),
            day(row.milestone.completed_on),
        )
        for row in rows
    ]
