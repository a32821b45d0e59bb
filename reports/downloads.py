"""The report's PDF as a download, the same from the page and the API."""

from django.http import FileResponse

from core.files import attachment_response
from reports.models import MonthlyReport
from reports.storage import PdfMismatch, pdf_open

UNAVAILABLE = (
    "The stored PDF of this report cannot be served: the file is missing or is not the one "
    "recorded when it was built. Nothing was sent. The programme office can rebuild the report."
)


class PdfUnavailable(Exception):
    """The report's file is missing from the storage or fails its SHA-256 check (logged by
    ``reports.storage``): the download is refused, with UNAVAILABLE to say why."""


def pdf_response(report: MonthlyReport) -> FileResponse:
    """The stored file, once its bytes match the report's SHA-256 (the ETag and X-Content-SHA256),
    streamed to the client who passed the access check. Always an attachment: never shown inline
    from this service's origin."""
    try:
        pdf = pdf_open(report)
    except (PdfMismatch, FileNotFoundError) as error:
        raise PdfUnavailable(UNAVAILABLE) from error
    return attachment_response(
        pdf, content_type="application/pdf", filename=report.filename, sha256=report.sha256
    )
