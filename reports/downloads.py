"""The report's PDF as a download, the same from the page and the API."""

from django.http import FileResponse

from reports.models import MonthlyReport
from reports.storage import pdf_open


def pdf_response(report: MonthlyReport) -> FileResponse:
    """The stored file, once its bytes match the report's SHA-256 (the ETag and X-Content-SHA256),
    streamed to the client who passed the access check. Always an attachment: never shown inline
    from this service's origin."""
    response = FileResponse(
        pdf_open(report),
        content_type="application/pdf",
        as_attachment=True,
        filename=report.filename,
    )
    response["ETag"] = f'"{report.sha256}"'
    response["X-Content-SHA256"] = report.sha256
    return response
