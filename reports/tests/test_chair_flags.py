"""One "flag for the chair": a case flagged on its page is in the chair's draft, ticked, with its
note; the chair keeps, annotates or removes it there, and the case's own flag follows. The page,
the PDF and the published record show the same list."""

import re

from django.urls import reverse

from core.scoping import unscoped
from escalation import services as escalation_services
from escalation.models import EscalationCase
from reports import publishing
from reports.models import MonthlyReport, ReportStatus
from reports.pdf import render_html


def detail(system, report):
    return reverse("reports:report-detail", args=[system.slug, report.pk])


def cases_of(draft):
    open_rows = draft.snapshot["escalations"]["open"][:2]
    with unscoped():
        return [EscalationCase.objects.get(pk=row["id"]) for row in open_rows]


def test_a_case_flagged_on_its_page_is_ticked_in_the_chairs_draft(
    client, system, office, chair, draft_with_cases
):
    _, second = cases_of(draft_with_cases)
    with unscoped():
        escalation_services.case_flag(actor=office, case=second, flagged=True)
    client.force_login(chair)
    page = client.get(detail(system, draft_with_cases)).content.decode()
    ticked = re.findall(r'<input type="checkbox" name="cases" value="(\d+)"[^>]* checked>', page)
    assert ticked == [str(second.pk)]
    # The preview shows it among the items flagged for the regulators, with the case's reason.
    with unscoped():
        report = MonthlyReport.objects.get(pk=draft_with_cases.pk)
        assert [flag["case"] for flag in publishing.chair_flags(report)] == [second.pk]
    preview = page.split("Items flagged for the regulators")[1].split("</ol>")[0]
    assert second.subject_label in preview


def test_the_chair_keeps_annotates_and_removes_and_the_cases_follow(
    client, system, office, chair, draft_with_cases
):
    first, second = cases_of(draft_with_cases)
    with unscoped():
        escalation_services.case_flag(actor=office, case=second, flagged=True)
    client.force_login(chair)
    response = client.post(
        detail(system, draft_with_cases),
        {
            "commentary": "",
            "cases": [str(first.pk)],
            f"note_{first.pk}": "Chair to write to the trust board.",
            f"note_{second.pk}": "",
            "issues": "Estates funding",
            "save": "1",
        },
    )
    assert response.status_code == 302
    with unscoped():
        first.refresh_from_db()
        second.refresh_from_db()
        report = MonthlyReport.objects.get(pk=draft_with_cases.pk)
        flags = publishing.chair_flags(report)
        chair_report = publishing.chair_report(report)
    # The chair's ticks are the cases' flags: kept/added one flagged, removed one cleared.
    assert (first.flagged_for_chair, second.flagged_for_chair) == (True, False)
    assert [(flag["case"], flag["detail"]) for flag in flags] == [
        (first.pk, "Chair to write to the trust board."),
        (None, ""),
    ]
    html = render_html({**report.snapshot, "chair_report": chair_report}, draft=True)
    assert "Chair to write to the trust board." in html and "Estates funding" in html
    assert (
        second.subject_label
        not in html.split("Items flagged for the regulators")[1].split("</ol>")[0]
    )


def test_unflagging_on_the_case_page_takes_it_off_the_draft(office, chair, draft_with_cases):
    first, _ = cases_of(draft_with_cases)
    with unscoped():
        escalation_services.case_flag(actor=office, case=first, flagged=True)
        report = MonthlyReport.objects.get(pk=draft_with_cases.pk)
        report = publishing.report_update_chair(
            report=report,
            actor=chair,
            commentary="",
            flags=[{"title": "x", "detail": "My note", "case": first.pk}],
        )
        assert publishing.chair_flags(report)[0]["detail"] == "My note"
        escalation_services.case_flag(actor=office, case=first, flagged=False)
        assert publishing.chair_flags(report) == []


def test_publishing_freezes_the_one_list(office, chair, draft_with_cases):
    first, second = cases_of(draft_with_cases)
    with unscoped():
        escalation_services.case_flag(actor=office, case=first, flagged=True)
        report = MonthlyReport.objects.get(pk=draft_with_cases.pk)
        publishing.report_publish(report=report, actor=chair)
        report.refresh_from_db()
        assert [flag["case"] for flag in report.flags] == [first.pk]
        # Changed afterwards on the case page, the frozen list stays as the chair confirmed it.
        escalation_services.case_flag(actor=office, case=second, flagged=True)
        assert [flag["case"] for flag in publishing.chair_flags(report)] == [first.pk]
        report.status = ReportStatus.PUBLISHED
        assert publishing.chair_report(report)["flags"] == report.flags
