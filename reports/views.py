from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from core import authz, due
from core.pages import system_view
from core.params import get_text
from finance.querysets import finance_headline
from reports import charts
from reports.dashboard import build as build_dashboard


@login_required
def home(request):
    """The landing page is a system's dashboard: the last one visited, or the first."""
    systems = list(authz.visible_systems(request.user).values_list("slug", flat=True))
    if not systems:
        return render(request, "reports/no_access.html")
    slug = request.session.get("system")
    return redirect("reports:dashboard", slug=slug if slug in systems else systems[0])


@login_required
def switch_system(request):
    slug = get_text(request, "system")
    if slug in set(authz.visible_systems(request.user).values_list("slug", flat=True)):
        return redirect("reports:dashboard", slug=slug)
    return redirect("reports:home")


@system_view
def dashboard(request, system):
    today = request.as_at
    data = build_dashboard(request.user, system, today)
    context = {
        "data": data,
        "today": today,
        "rag_chart": charts.rag_bar_svg(dict(data.rag_counts)),
        "finance": finance_headline(system, today),
        "reports_progress": authz.can_record_progress(request.user, system),
        # The signed-in person's own tasks here, as the My tasks page lists them.
        "task_count": len(due.due_for(request.user, today, [system.pk])),
    }
    return render(request, "reports/dashboard.html", context)
