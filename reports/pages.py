"""The monthly report's pages: the list with the programme office's request form, the report
page (progress while it builds, the preview, the chair's commentary and publishing), and the
PDF download."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import authz
from core.exports import export_response, requested_format
from core.forms import add_service_error
from core.history import history_download
from core.once import submitted_once
from core.pages import require, system_view
from core.params import get_text
from core.reporting_date import system_date
from core.stale import EditGuard, StaleEdit, version_of
from reports import publishing, services
from reports.downloads import PdfUnavailable, pdf_response
from reports.exports import REPORTS
from reports.forms import ChairForm, ReportRequestForm
from reports.history import report_history
from reports.models import FROZEN, MonthlyReport, ReportStatus
from reports.pdf import report_context

# The versions a report links to: the one it corrects and the one that corrected it.
LINKED = ("supersedes", "superseded_by")


def _reports(user, system):
    queryset = authz.scoped(user, MonthlyReport).filter(system=system).defer("pdf", "snapshot")
    if not authz.sees_report_drafts(user, system):
        queryset = queryset.filter(status__in=FROZEN)
    return queryset


def _report(request, system, pk: int, *, with_snapshot: bool = True) -> MonthlyReport:
    # No page reads a PDF here, its own or the versions it links to; the status panel that
    # htmx polls needs no snapshot either.
    deferred = ["pdf", *(f"{link}__{field}" for link in LINKED for field in ("pdf", "snapshot"))]
    if not with_snapshot:
        deferred.append("snapshot")
    queryset = (
        _reports(request.user, system)
        .select_related("requested_by", "published_by", *LINKED)
        .defer(None)
        .defer(*deferred)
    )
    try:
        return queryset.get(pk=pk)
    except MonthlyReport.DoesNotExist as error:
        raise Http404("No such report") from error


@system_view
@submitted_once
def report_list(request, system):
    # Offered by default: the month before the system's present (a demo system opens at its
    # seed paper's date), not today's month before.
    form = ReportRequestForm(
        request.POST or None,
        today=timezone.localdate(),
        initial={"month": f"{services.previous_month(system_date(system)):%Y-%m}"},
    )
    if request.method == "POST":
        require(authz.can_request_report(request.user, system))
        if form.is_valid():
            try:
                report = services.report_request(
                    system=system, month=form.cleaned_data["month"], actor=request.user
                )
            except ValidationError as error:
                add_service_error(form, error, general="month")
            else:
                return redirect("reports:report-detail", system.slug, report.pk)
    file_format = requested_format(request)
    if file_format and request.method == "GET":
        reports = _reports(request.user, system).select_related("published_by")
        return export_response(request, REPORTS, reports, file_format=file_format)
    reports = list(_reports(request.user, system).select_related("published_by"))
    return render(
        request,
        "reports/report_list.html",
        {
            "reports": reports,
            "form": form if authz.can_request_report(request.user, system) else None,
        },
        status=400 if form.errors else 200,
    )


def _retry(request, system, report: MonthlyReport) -> bool:
    """A build stuck past its limit with nothing recorded: the programme office may retry it."""
    return authz.can_request_report(request.user, system) and services.is_stuck(
        report, timezone.now()
    )


def _actions(request, system, report: MonthlyReport) -> dict:
    user = request.user
    draft = report.status == ReportStatus.DRAFT and not report.publish_requested_at
    return {
        "retry": _retry(request, system, report),
        "rebuild": authz.can_request_report(user, system)
        and report.status in (ReportStatus.DRAFT, ReportStatus.FAILED)
        and not report.publish_requested_at,
        "correct": authz.can_request_report(user, system)
        and report.status == ReportStatus.PUBLISHED,
        "chair": authz.can_publish_report(user, system) and draft,
    }


@system_view
def report_detail(request, system, pk: int):
    report = _report(request, system, pk)
    history = history_download(request, report, lambda: report_history(request.user, report, None))
    if history:
        return history
    actions = _actions(request, system, report)
    chair_form = None
    if actions["chair"]:
        guard = EditGuard(request, report)
        chair_form = guard.attach(
            ChairForm(
                request.POST or None,
                cases=publishing.snapshot_cases(report),
                flags=publishing.chair_flags(report),
                initial={"commentary": report.commentary},
            )
        )
        if request.method == "POST" and chair_form.is_valid():
            try:
                guard.write(
                    lambda: publishing.report_update_chair(
                        report=report,
                        actor=request.user,
                        commentary=chair_form.cleaned_data["commentary"],
                        flags=chair_form.flags(),
                        cases=chair_form.chosen_cases(),
                    )
                )
            except StaleEdit as error:
                # Shown on the form with the chair's words kept, not lost in a redirect.
                add_service_error(chair_form, error)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("reports:report-detail", system.slug, report.pk)
            else:
                if "publish" in request.POST:
                    # Nothing is published until the chair confirms what will be frozen.
                    messages.success(
                        request, "Your commentary and flags are saved. Check them, then publish."
                    )
                    return redirect("reports:report-publish", system.slug, report.pk)
                messages.success(request, "Your commentary and flags are saved.")
                return redirect("reports:report-detail", system.slug, report.pk)
    elif request.method == "POST":
        require(False)
    context = {
        "report": report,
        "actions": actions,
        "chair_form": chair_form,
        "history": report_history(request.user, report),
        "history_downloads": True,
    }
    if report.snapshot:
        snapshot = report.snapshot
        if not report.is_frozen:
            # The preview shows the chair's words as they will print.
            snapshot = {**snapshot, "chair_report": publishing.chair_report(report)}
        context.update(report_context(snapshot, version=report.version))
    return render(
        request,
        "reports/report_detail.html",
        context,
        status=400 if chair_form is not None and chair_form.errors else 200,
    )


def publish_summary(report: MonthlyReport) -> dict:
    """What publishing freezes, counted from the draft's snapshot as the PDF will print it."""
    snapshot = report.snapshot or {}
    risks = snapshot.get("risks") or {}
    return {
        "milestones": len(snapshot.get("milestones", {}).get("all", [])),
        "cases": len(snapshot.get("escalations", {}).get("open", [])),
        # A snapshot from before open risks were counted lists only the top risks.
        "risks": risks.get("open"),
        "top_risks": len(risks.get("top", [])),
        "flags": len(publishing.chair_flags(report)),
    }


@system_view
def report_publish(request, system, pk: int):
    """The chair's confirmation: what will be frozen, then publishing. The form carries the
    version checked, so a draft rebuilt or re-worded meanwhile is shown again, not published."""
    report = _report(request, system, pk)
    require(authz.can_publish_report(request.user, system))
    if not _actions(request, system, report)["chair"]:
        messages.info(request, "This report is not a draft waiting to be published.")
        return redirect("reports:report-detail", system.slug, report.pk)
    error = ""
    if request.method == "POST":
        try:
            publishing.report_publish(
                report=report,
                actor=request.user,
                checked=request.POST.get("checked_version") or None,
            )
        except ValidationError as refused:
            error = " ".join(refused.messages)
            report = _report(request, system, pk)
        else:
            messages.success(request, "The report is being published.")
            return redirect("reports:report-detail", system.slug, report.pk)
    context = {
        "report": report,
        "summary": publish_summary(report),
        "checked_version": version_of(report),
        "error": error,
    }
    return render(request, "reports/report_publish.html", context, status=400 if error else 200)


@system_view
def report_status(request, system, pk: int):
    """The progress panel, polled by htmx while the report is built or published."""
    report = _report(request, system, pk, with_snapshot=False)
    context = {"report": report, "actions": {"retry": _retry(request, system, report)}}
    response = render(request, "reports/_status.html", context)
    was = get_text(request, "was")
    if was and was != report.progress:
        response["HX-Refresh"] = "true"  # finished: reload the page to show the result
    return response


@system_view
@require_POST
def report_rebuild(request, system, pk: int):
    """Rebuild a draft or retry a failed build, or start a correction of a published report."""
    # Found first: another system's report is not found, whoever asks.
    report = _report(request, system, pk, with_snapshot=False)
    require(authz.can_request_report(request.user, system))
    try:
        report = services.report_request(system=system, month=report.month, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("reports:report-detail", system.slug, report.pk)


@system_view
@require_POST
def report_retry(request, system, pk: int):
    """Retry a build stuck past its limit (or a failed one): the same report is queued again."""
    # Found first: another system's report is not found, whoever asks.
    report = _report(request, system, pk, with_snapshot=False)
    require(authz.can_request_report(request.user, system))
    report, retried = services.report_retry(report=report, actor=request.user, now=timezone.now())
    if retried:
        messages.success(request, "The build is queued again.")
    elif report.in_progress:
        messages.info(request, "The build is under way; it has not passed its time limit.")
    return redirect("reports:report-detail", system.slug, report.pk)


@system_view
def report_pdf(request, system, pk: int):
    report = (
        _reports(request.user, system)
        .defer(None)
        .only("system", "month", "version", "status", "pdf", "sha256")
        .select_related("system")
        .filter(pk=pk, status__in=(*FROZEN, ReportStatus.DRAFT))
        .first()
    )
    if report is None or not report.pdf:
        raise Http404("This report has no PDF yet")
    try:
        return pdf_response(report)
    except PdfUnavailable as error:
        messages.error(request, str(error))
        return redirect("reports:report-detail", system.slug, report.pk)
