"""What a meeting's paper may be: the kinds of file allowed, checked from their bytes.

The extension and the type the browser claims are not trusted: a PDF must start ``%PDF-``, a
Word, Excel or PowerPoint file must be an OOXML zip with the parts its kind has, an OpenDocument
text a zip whose ``mimetype`` says so, and CSV or plain text must be UTF-8 text with no markup a
browser would run (HTML, SVG, XML). Everything else (executables, HTML, SVG, images, archives) is
refused. The content type recorded and served is the one that goes with the checked kind, never
the one the browser sent.
"""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str


PDF = Kind("PDF", "application/pdf")
KINDS = {
    ".pdf": PDF,
    ".docx": Kind(
        "Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    ".xlsx": Kind("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pptx": Kind(
        "PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
    ".odt": Kind("OpenDocument text", "application/vnd.oasis.opendocument.text"),
    ".csv": Kind("CSV", "text/csv; charset=utf-8"),
    ".txt": Kind("plain text", "text/plain; charset=utf-8"),
}
ALLOWED = (
    "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument text (.odt), CSV or "
    "plain text (.txt) file"
)
# The folder inside an OOXML package that each kind has.
OOXML_PART = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
MARKUP = (b"<html", b"<!doctype", b"<svg", b"<script", b"<?xml", b"<body", b"<iframe")


def max_bytes() -> int:
    return settings.PAPER_MAX_MB * 1024 * 1024


def _extension(filename: str) -> str:
    dot = filename.rfind(".")
    return filename[dot:].lower() if dot > 0 else ""


def _zip_names(data: bytes) -> list[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None


def _odt_mimetype(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("mimetype").strip()


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    head = text[:4096].lower().encode()
    return not any(mark in head for mark in MARKUP)


def _matches(extension: str, data: bytes) -> bool:
    if extension == ".pdf":
        return data.startswith(b"%PDF-")
    if extension in OOXML_PART:
        names = _zip_names(data) if data.startswith(b"PK\x03\x04") else None
        return (
            bool(names)
            and "[Content_Types].xml" in names
            and any(n.startswith(OOXML_PART[extension]) for n in names)
        )
    if extension == ".odt":
        names = _zip_names(data) if data.startswith(b"PK\x03\x04") else None
        return (
            bool(names)
            and "mimetype" in names
            and _odt_mimetype(data) == (KINDS[".odt"].content_type.encode())
        )
    return _is_text(data)


def checked_upload(upload) -> tuple[bytes, Kind]:
    """The uploaded file's bytes and its kind, or a ValidationError on ``file`` saying why it is
    refused (nothing is stored)."""
    if upload is None:
        raise ValidationError({"file": "Choose the file of the paper."})
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            {"file": f"The file is larger than {settings.PAPER_MAX_MB} MB. Upload a smaller file."}
        )
    extension = _extension(upload.name or "")
    kind = KINDS.get(extension)
    if kind is None:
        raise ValidationError({"file": f"This kind of file cannot be a paper. Upload a {ALLOWED}."})
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            {"file": f"The file is larger than {settings.PAPER_MAX_MB} MB. Upload a smaller file."}
        )
    if not data:
        raise ValidationError({"file": "The file is empty."})
    if not _matches(extension, data):
        raise ValidationError(
            {
                "file": f"The file's contents are not a {kind.label} file, whatever its name "
                "says. Upload the document itself."
            }
        )
    return data, kind
