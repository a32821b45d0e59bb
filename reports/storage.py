"""The monthly reports' PDFs in the default storage (settings.STORAGES["default"]).

A PDF is written before the row that names it, under a name that carries its hash, so a worker
that dies between the two leaves at most an unnamed file, never a row without its file. Every
read checks the bytes against the SHA-256 the row recorded: a file changed or swapped in the
storage is refused, not served.
"""

import hashlib
import logging
import tempfile

from django.core.files.base import ContentFile
from django.db import transaction

from core.files import HashMismatch, open_checked
from reports.models import MonthlyReport

logger = logging.getLogger(__name__)


class PdfMismatch(Exception):
    """The stored file is not the PDF the report recorded."""


def _field():
    return MonthlyReport._meta.get_field("pdf")


def pdf_store(report: MonthlyReport, data: bytes, *, final: bool) -> str:
    """Write the PDF to the storage; the name to record on the report."""
    digest = hashlib.sha256(data).hexdigest()
    name = _field().generate_filename(report, f"{'final' if final else 'draft'}-{digest}.pdf")
    return _field().storage.save(name, ContentFile(data))


def pdf_discard(name: str) -> None:
    """Remove a file no report names (a stale build's, or a draft replaced)."""
    if name:
        _field().storage.delete(name)


def pdf_discard_on_commit(old: str, new: str) -> None:
    """Once the row names ``new``, the file it named before goes."""
    if old and old != new:
        transaction.on_commit(lambda: pdf_discard(old))


def pdf_open(report: MonthlyReport) -> tempfile.SpooledTemporaryFile:
    """The report's PDF, read whole from the storage and checked against its hash, rewound."""
    try:
        return open_checked(_field().storage, report.pdf.name, report.sha256)
    except HashMismatch as error:
        logger.error("Report %s: the stored PDF %s does not match its hash", report.pk, report.pdf)
        message = f"The stored PDF of report {report.pk} does not match its SHA-256."
        raise PdfMismatch(message) from error


def pdf_bytes(report: MonthlyReport) -> bytes:
    with pdf_open(report) as pdf:
        return pdf.read()
