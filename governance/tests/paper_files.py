"""Files of every kind a paper may or may not be, built in memory for the upload tests."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile


def pdf_with_text(*lines: str) -> bytes:
    """A real one-page PDF per line (WeasyPrint), so a test can find each page's text."""
    from weasyprint import HTML

    body = "".join(f'<p style="page-break-after: always">{line}</p>' for line in lines)
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def odt() -> bytes:
    return _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


# Each kind refused, with what its message says: (file name, bytes, claimed type, message).
REFUSED = {
    "html": ("paper.html", b"<html><script>alert(1)</script></html>", "text/html", "cannot be"),
    "svg": ("chart.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml", "cannot"),
    "exe": ("setup.exe", b"MZ\x90\x00" + b"\x00" * 64, "application/x-msdownload", "cannot be"),
    "html as pdf": ("paper.pdf", b"<html><body>hi</body></html>", "application/pdf", "not a PDF"),
    "exe as docx": ("paper.docx", b"MZ\x90\x00" + b"\x00" * 64, "application/msword", "not a"),
    "zip as docx": ("paper.docx", _zip({"a.txt": b"x"}), "application/zip", "not a Word"),
    "html as txt": ("notes.txt", b"<!DOCTYPE html><html></html>", "text/plain", "not a plain"),
    "svg as csv": ("figures.csv", b"<svg onload='x()'/>", "text/csv", "not a CSV"),
    "binary as csv": ("figures.csv", b"a,b\x00\x01\x02", "text/csv", "not a CSV"),
    "empty": ("paper.pdf", b"", "application/pdf", "empty"),
}


def expanding_zip(name: str, size: int, head: bytes = b"", **entries: bytes) -> bytes:
    """A zip with ``entries`` and one member ``name`` that expands to ``size`` bytes (``head``
    then spaces), written in chunks: small on disk and never whole in memory."""
    out = io.BytesIO()
    chunk = b" " * (1024 * 1024)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)
        with archive.open(name, "w", force_zip64=True) as member:
            member.write(head)
            left = size - len(head)
            while left > 0:
                member.write(chunk[:left])
                left -= len(chunk)
    return out.getvalue()


def crowded_docx(members: int) -> bytes:
    """A Word package with ``members`` parts (empty ones besides the two it needs)."""
    entries = {f"word/media/{n}.bin": b"" for n in range(members - 2)}
    return _zip(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"} | entries
    )


def ooxml_with_macros(folder: str = "word") -> bytes:
    """A Word (or, with its folder, Excel or PowerPoint) package carrying a VBA project."""
    return _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            f"{folder}/document.xml": b"<document/>",
            f"{folder}/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro",
        }
    )


def odt_with_macros() -> bytes:
    return _zip(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": b"<x/>",
            "Basic/Standard/Module1.xml": b"<script:module/>",
        }
    )


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf_with_text("Secret"))))
    writer.encrypt("a password", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
