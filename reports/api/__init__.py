"""The monthly reports in the read-only API: published reports (and the versions they replaced)
with their SHA-256, frozen snapshot and PDF. Drafts are the chair's and stay off the API."""

from reports.api.overview import OverviewViewSet
from reports.api.views import MonthlyReportViewSet

ROUTES = [("reports", MonthlyReportViewSet), ("overview", OverviewViewSet)]
