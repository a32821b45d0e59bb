"""A meeting's pack as one PDF: a cover and the agenda (WeasyPrint), then each PDF paper in agenda
order (pypdf), then "Page n of N" on every page.

The public pack holds part A only (``governance.confidential.public_items``/``public_papers``);
the full pack parts A and B. Only current papers go in (not withdrawn, not replaced by a later
version); a paper that is not a PDF is listed on the agenda as circulated separately. Each paper
is read through its SHA-256 check, so a file changed in the storage stops the build.

Page numbers: WeasyPrint renders a document of N transparent A4 pages that carry only "Page n of
N" at the foot; pypdf lays page n of it over page n of the pack, centred on the pack page's width.
"""

import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone

from core.files import open_checked
from governance.confidential import public_items, public_papers
from governance.models import AgendaItem, Pack, Paper

A4_WIDTH = 595.28


@dataclass
class Row:
    item: AgendaItem
    papers: list[Paper] = field(default_factory=list)


def _rows(pack: Pack) -> list[Row]:
    meeting = pack.meeting
    items = AgendaItem.objects.filter(meeting=meeting, withdrawn_on__isnull=True)
    papers = Paper.objects.filter(
        item__meeting=meeting,
        item__withdrawn_on__isnull=True,
        withdrawn_on__isnull=True,
        replaced_by__isnull=True,
    )
    if pack.part == Pack.Part.PUBLIC:
        items, papers = public_items(items), public_papers(papers)
    rows = {item.pk: Row(item) for item in items.select_related("presenter").order_by("number")}
    for paper in papers.order_by("title", "version"):
        paper.is_pdf = paper.content_type == "application/pdf"
        if paper.item_id in rows:
            rows[paper.item_id].papers.append(paper)
    return list(rows.values())


def _html_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"The pack may not fetch {url}")


def build_pdf(pack: Pack) -> tuple[bytes, int]:
    """The pack's PDF and its number of pages."""
    from pypdf import PdfReader, PdfWriter, Transformation

    rows = _rows(pack)
    cover = render_to_string(
        "governance/pack/cover.html",
        {
            "meeting": pack.meeting,
            "pack": pack,
            "rows": rows,
            "full": pack.part == Pack.Part.FULL,
            "part_label": pack.get_part_display(),
            "built_on": timezone.localdate(),
        },
    )
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(_html_pdf(cover))))
    storage = Paper._meta.get_field("file").storage
    for row in rows:
        for paper in row.papers:
            if not paper.is_pdf:
                continue
            with open_checked(storage, paper.file.name, paper.sha256) as stored:
                writer.append(PdfReader(io.BytesIO(stored.read())))
    total = len(writer.pages)
    numbers = PdfReader(
        io.BytesIO(
            _html_pdf(
                render_to_string(
                    "governance/pack/numbers.html",
                    {"numbers": range(1, total + 1), "total": total},
                )
            )
        )
    )
    for page, number in zip(writer.pages, numbers.pages, strict=True):
        box = page.mediabox
        shift = float(box.left) + (float(box.width) - A4_WIDTH) / 2
        page.merge_transformed_page(number, Transformation().translate(shift, float(box.bottom)))
    writer.add_metadata({"/Title": f"{pack.meeting.committee.name}: {pack.get_part_display()}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), total
