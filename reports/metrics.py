"""The monthly reports by status for Prometheus (core.metrics): failed builds among them."""

from django.db.models import Count
from prometheus_client.core import GaugeMetricFamily

from core import metrics
from core.scoping import unscoped
from reports.models import MonthlyReport, ReportStatus


class ReportCollector:
    def collect(self):
        with unscoped():
            counts = dict(
                MonthlyReport.objects.values_list("status").annotate(n=Count("id")).order_by()
            )
        gauge = GaugeMetricFamily(
            "tracker_monthly_reports", "Monthly reports by status", labels=["status"]
        )
        for status in ReportStatus.values:
            gauge.add_metric([status], counts.get(status, 0))
        yield gauge


metrics.register(ReportCollector())
