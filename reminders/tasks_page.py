"""My tasks: what is the signed-in person's to do, across the systems they may see, as
``core.due`` works it out (the same answer the reminders, the calendar and the dashboard's
count give), soonest first."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core import authz, due
from core.exports import DATE as DATE_COLUMN
from core.exports import Column, Export, export_response, requested_format
from core.params import parse_choice
from core.reporting_date import banner, reporting_date

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
    as_at = reporting_date(request, chosen)
    request.as_at = as_at
    labels = {k.slug: k.label for k in kinds}
    in_systems = [chosen.pk] if chosen else list(systems)
    tasks = [
        Task(
            item,
            item.state(as_at),
            systems[item.system_id],
            labels[item.kind],
            request.build_absolute_uri(item.url),
        )
        for item in due.due_for(user, as_at, in_systems)
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
