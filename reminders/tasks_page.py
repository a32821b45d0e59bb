"""My tasks: what is the signed-in person's to do, across the systems they may see, as
``core.due`` works it out (the same answer the reminders, the calendar and the dashboard's
count give), soonest first."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core import authz, due
from core.exports import DATE as DATE_COLUMN
from core.exports import Column, Export, export_response, requested_format
from core.params import parse_choice
from core.reporting_date import PARAMETER, banner, reporting_date, system_date

# The NHS tag colour of each state: overdue red, due today orange, due soon yellow.
TAG_COLOURS = {due.State.OVERDUE: "red", due.State.DUE: "orange", due.State.SOON: "yellow"}


@dataclass(frozen=True)
class Task:
    item: due.Due
    state: due.State
    system: object
    kind_label: str
    # The record's address in full, for a spreadsheet opened away from the site.
    link: str = ""
    # The date the task was judged as at: its system's reporting date, or the one asked for.
    judged_at: date | None = None

    @property
    def tag_colour(self) -> str:
        return TAG_COLOURS[self.state]


TASKS = Export(
    register="my-tasks",
    title="My tasks",
    columns=(
        Column("Due", "item.due_on", DATE_COLUMN, 14),
        Column("State", lambda task: task.state.label, width=12),
        Column("System", "system.name", width=30),
        Column("Kind", "kind_label", width=30),
        Column("Task", "item.title", width=60),
        Column("Link", "link", width=40),
        Column("As at", "judged_at", DATE_COLUMN, 14),
    ),
)


@login_required
def my_tasks(request):
    """Filtered by system (then as at that system's reporting date, as its pages are) and by
    kind; another system's slug is not among the choices."""
    user = request.user
    systems = {s.pk: s for s in authz.visible_systems(user).order_by("name")}
    by_slug = {s.slug: s for s in systems.values()}
    chosen = by_slug.get(parse_choice(request, "system", list(by_slug)))
    kinds = due.kinds()
    kind = parse_choice(request, "kind", [k.slug for k in kinds])
    in_systems = [chosen] if chosen else list(systems.values())
    if chosen or request.GET.get(PARAMETER):
        # One system, or one date asked for: every task is judged as at that date.
        as_at = reporting_date(request, chosen)
        dates = {system.pk: as_at for system in in_systems}
    else:
        # Each system as at its own reporting date, as its dashboard counts them.
        dates = {system.pk: system_date(system) for system in in_systems}
    one_date = set(dates.values())
    as_at = one_date.pop() if len(one_date) == 1 else None
    request.as_at = as_at
    labels = {k.slug: k.label for k in kinds}
    tasks = [
        Task(
            item,
            item.state(judged_at),
            systems[item.system_id],
            labels[item.kind],
            request.build_absolute_uri(item.url),
            judged_at,
        )
        for item, judged_at in due.due_for_each(user, dates)
        if not kind or item.kind == kind
    ]
    if file_format := requested_format(request):
        request.system = chosen
        filters = [("System", chosen.name if chosen else ""), ("Kind", labels.get(kind, ""))]
        return export_response(
            request,
            TASKS,
            tasks,
            file_format=file_format,
            filters=[(label, value) for label, value in filters if value],
        )
    context = {
        "tasks": tasks,
        "counts": _counts(tasks),
        "systems": list(systems.values()),
        "chosen": chosen,
        "kinds": kinds,
        "kind": kind,
        "today": as_at,
        **banner(request),
    }
    return render(request, "reminders/my_tasks.html", context)


def _counts(tasks: list[Task]) -> list[tuple[due.State, int, str]]:
    """How many tasks are in each state, in the order they are urgent (states with none left
    out)."""
    counts = {state: 0 for state in due.State}
    for task in tasks:
        counts[task.state] += 1
    return [(state, n, TAG_COLOURS[state]) for state, n in counts.items() if n]
