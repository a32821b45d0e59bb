"""Files anyone may download from a system's public pages: a public paper in its current
version, and a published monthly report's PDF. Both are read through their hash check and sent
as attachments; anything else is not found."""

import logging

from django.http import HttpResponse

from core.files import StoredFileMismatch, attachment_response, open_checked
from public import querysets
from public.views import public_page
from reports.downloads import PdfUnavailable, pdf_response

logger = logging.getLogger(__name__)


def _unavailable() -> HttpResponse:
    # The file is missing or not the one recorded: nothing is sent, and no page names why.
    return HttpResponse(
        "This file cannot be served at the moment.", status=503, content_type="text/plain"
    )


@public_page("meetings")
def paper_download(request, system, publication, pk: int):
    paper = querysets.paper(system, pk)
    try:
        checked = open_checked(paper.file.storage, paper.file.name, paper.sha256)
    except (StoredFileMismatch, FileNotFoundError):
        logger.error("Paper %s: the stored file %s does not match its hash", paper.pk, paper.file)
        return _unavailable()
    return attachment_response(
        checked, content_type=paper.content_type, filename=paper.filename, sha256=paper.sha256
    )


@public_page("reports")
def report_pdf(request, system, publication, pk: int):
    report = querysets.report(system, pk)
    try:
        return pdf_response(report)
    except PdfUnavailable:
        return _unavailable()
