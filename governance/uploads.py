"""What a meeting's paper may be: the kinds of file allowed, checked from their bytes.

The extension and the type the browser claims are not trusted: a PDF must open as one (pypdf
reads its page tree) and not be encrypted, a Word, Excel or PowerPoint file must be an OOXML zip
with the parts its kind has and no macros, an OpenDocument text a zip whose ``mimetype`` says so
and with no macros, and CSV or plain text must be UTF-8 text with no markup a browser would run
(HTML, SVG, XML). Everything else (executables, HTML, SVG, images, archives) is refused. The
content type recorded and served is the one that goes with the checked kind, never the one the
browser sent.

A zip is judged from its directory and a few bytes of one member (``core.zipfiles``): nothing
is expanded whole, and one whose members would expand past ``ZIP_MAX_BYTES`` or that has more
than ``ZIP_MAX_MEMBERS`` is refused before anything is read from it.
"""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

from core.zipfiles import Refused, checked_archive, has_vba_project


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
# Far beyond any real paper (a 20 MB Word file with photos expands to less), far below what
# would hurt a worker if it were ever expanded.
ZIP_MAX_BYTES = 50 * 1024 * 1024
ZIP_MAX_MEMBERS = 10_000
# An OpenDocument's ``mimetype`` member is the type's name and nothing else.
MIMETYPE_READ = 100


def max_bytes() -> int:
    return settings.PAPER_MAX_MB * 1024 * 1024


def _extension(filename: str) -> str:
    dot = filename.rfind(".")
    return filename[dot:].lower() if dot > 0 else ""


TOO_BIG = (
    f"The file would expand to more than {ZIP_MAX_BYTES // (1024 * 1024)} MB or has more than "
    f"{ZIP_MAX_MEMBERS:,} parts inside, so it cannot be checked. Save it again from the program "
    "that made it, or as a PDF, and upload that."
)


def _archive(data: bytes) -> zipfile.ZipFile | None:
    return checked_archive(
        data, too_big=TOO_BIG, max_bytes=ZIP_MAX_BYTES, max_members=ZIP_MAX_MEMBERS
    )


def _head(archive: zipfile.ZipFile, name: str) -> bytes:
    """The first bytes of one member, never the whole of it."""
    try:
        with archive.open(name) as member:
            return member.read(MIMETYPE_READ)
    # RuntimeError: an encrypted member.
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError, EOFError):
        return b""


MACROS = (
    "The file contains macros (a VBA project), which are not accepted in a paper. Save it "
    "without macros (as a .docx, .xlsx or .pptx, not a macro-enabled file) and upload that."
)
ODF_MACROS = (
    "The file contains macros (Basic or scripts), which are not accepted in a paper. Save a "
    "copy without them and upload that."
)


def _ooxml_matches(extension: str, data: bytes) -> bool:
    archive = _archive(data)
    if archive is None:
        return False
    with archive:
        names = archive.namelist()
        if not (
            "[Content_Types].xml" in names
            and any(n.startswith(OOXML_PART[extension]) for n in names)
        ):
            return False
        if has_vba_project(names):
            raise Refused(MACROS)
    return True


def _odt_matches(data: bytes) -> bool:
    archive = _archive(data)
    if archive is None:
        return False
    with archive:
        names = archive.namelist()
        if "mimetype" not in names:
            return False
        if _head(archive, "mimetype").strip() != KINDS[".odt"].content_type.encode():
            return False
        if any(n.startswith(("Basic/", "Scripts/")) for n in names):
            raise Refused(ODF_MACROS)
    return True


UNREADABLE_PDF = (
    "The file is not a PDF that can be opened, whatever its name says: it is damaged or not a "
    "PDF at all. Save the document again as a PDF and upload that."
)
ENCRYPTED_PDF = (
    "The PDF is encrypted (protected by a password or restricted), so it cannot be checked or "
    "go in the pack. Save a copy without protection and upload that."
)


def _pdf_matches(data: bytes) -> bool:
    """Starts as a PDF and opens as one: not encrypted, its page tree read through."""
    if not data.startswith(b"%PDF-"):
        return False
    # Imported here: loaded with the models, it would weigh some 13 MB in every web and worker
    # process, most of which never check a paper.
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise Refused(ENCRYPTED_PDF)
        pages = len(reader.pages)
    except Refused:
        raise
    # pypdf raises many kinds of error on a malformed file; each means the same here.
    except Exception as error:
        raise Refused(UNREADABLE_PDF) from error
    if pages == 0:
        raise Refused(UNREADABLE_PDF)
    return True


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
        return _pdf_matches(data)
    if extension in OOXML_PART:
        return _ooxml_matches(extension, data)
    if extension == ".odt":
        return _odt_matches(data)
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
    try:
        matches = _matches(extension, data)
    except Refused as refused:
        raise ValidationError({"file": str(refused)}) from refused
    if not matches:
        raise ValidationError(
            {
                "file": f"The file's contents are not a {kind.label} file, whatever its name "
                "says. Upload the document itself."
            }
        )
    return data, kind
