"""A PDF read back as a reader would, with pypdf: pure Python, so no system package is needed.

pypdf lays text out differently from poppler's pdftotext (line breaks inside table cells, the
rotated watermark as one word), so tests compare text with its whitespace collapsed.
"""

import io
from xml.etree import ElementTree

from pypdf import PdfReader

PDFUA_ID = "{http://www.aiim.org/pdfua/ns/id/}part"


def pdf_reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(bytes(data)))


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text, a word broken after a hyphen joined again, whitespace collapsed."""
    return [
        " ".join((page.extract_text() or "").replace("-\n", "-").split())
        for page in pdf_reader(data).pages
    ]


def pdf_text(data: bytes) -> str:
    return " ".join(pdf_pages(data))


def squeezed(text: str) -> str:
    """Without any whitespace: a watermark's letters may come out spaced or split."""
    return "".join(text.split())


def pdfua_part(reader: PdfReader) -> str | None:
    """The PDF/UA part the XMP metadata claims (`pdfuaid:part`), as attribute or element."""
    xmp = reader.xmp_metadata
    if xmp is None:
        return None
    root = ElementTree.fromstring(xmp.stream.get_data())
    for node in root.iter():
        if PDFUA_ID in node.attrib:
            return node.attrib[PDFUA_ID]
        if node.tag == PDFUA_ID:
            return (node.text or "").strip()
    return None


def is_tagged(reader: PdfReader) -> bool:
    """Marked content with a structure tree: what pdfinfo reports as `Tagged: yes`."""
    root = reader.root_object
    mark_info = root.get("/MarkInfo")
    marked = bool(mark_info and mark_info.get_object().get("/Marked"))
    return marked and "/StructTreeRoot" in root
