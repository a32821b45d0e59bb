"""The report's PDF as a download, the same from the page and the API."""

from django.http import HttpResponse

from reports.models import MonthlyReport


def pdf_response(report: MonthlyReport) -> HttpResponse:
    """The stored bytes; the ETag (and X-Content-SHA256) is the report's SHA-256."""
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    response["ETag"] = f'"{report.sha256}"'
    response["X-Content-SHA256"] = report.sha256
    return response
