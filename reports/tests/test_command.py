from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reports.models import MonthlyReport, ReportStatus
from tests import factories


def test_an_operator_builds_a_draft_by_hand(system, no_scope):
    workstream = factories.WorkstreamFactory(plan=factories.PlanFactory(system=system))
    factories.MilestoneFactory(workstream=workstream, baseline_on=date(2019, 11, 15), is_key=True)
    out = StringIO()
    call_command("build_monthly_report", "alpha", "2019-11", stdout=out)
    report = MonthlyReport.objects.get(system=system, month=date(2019, 11, 1))
    assert report.status == ReportStatus.DRAFT
    assert out.getvalue().strip() == f"Alpha November 2019: draft, SHA-256 {report.sha256}"
    assert report.requested_by.username == "system"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["alpha", "November"], "Give the month as YYYY-MM"),
        (["nowhere", "2019-11"], "No system 'nowhere'. Systems: alpha."),
    ],
)
def test_bad_arguments_are_explained(system, no_scope, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("build_monthly_report", *arguments)
    assert not MonthlyReport.objects.exists()
