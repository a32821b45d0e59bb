"""The import pages every kind shares: the template, the upload, the preview and the confirm.

An app wires them for one kind (``import_views(MILESTONE_IMPORT, list_url=...)``) under its
list's address; who may import is who may make the same edits in the pages (the programme
office, ``authz.can_administer``). A batch is found only in the page's system and of the
page's kind: another system's is 404.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from core import authz
from core.exports import Column, Export, export_response
from core.forms import NHSFormMixin
from core.import_batches import ImportKind, Refusal, confirm, preview
from core.import_fields import DERIVED
from core.imports import FileRefused, read_upload
from core.models import ImportBatch
from core.pages import require, system_view
from core.params import parse_page

ROWS_PER_PAGE = 100


class UploadForm(NHSFormMixin, forms.Form):
    file = forms.FileField(
        label="Spreadsheet",
        help_text="An Excel workbook (.xlsx) or a CSV file, with the columns of the template.",
        error_messages={"required": "Choose the spreadsheet to import."},
    )


@dataclass(frozen=True)
class ImportViews:
    start: object
    template: object
    preview: object
    confirm: object


def template_spec(kind: ImportKind) -> Export:
    """The export's columns (so an export imports back) and the import's own, with no rows."""
    export_headers = {c.header for c in kind.export.columns}
    extra = tuple(
        Column(f.header, f.name, width=40)
        for f in kind.fields
        if f.header not in export_headers and f.kind != DERIVED
    )
    return Export(
        register=f"{kind.export.register}-import-template",
        title=kind.export.title,
        columns=kind.export.columns + extra,
    )


def import_views(kind: ImportKind, *, list_url: str, prefix: str) -> ImportViews:
    """The four views for ``kind``; ``prefix`` names its URLs (``milestones:milestone-import``)."""

    def _batch(request, system, pk):
        # Another system's batch (or another kind's) is not found before anything else is said.
        batches = ImportBatch.objects.filter(system=system, kind=kind.key).select_related(
            "uploaded_by", "applied_by"
        )
        batch = get_object_or_404(batches, pk=pk)
        require(authz.can_administer(request.user, system))
        return batch

    def _context(system, **extra):
        return {
            "kind": kind,
            "list_url": list_url,
            "prefix": prefix,
            "columns": [f for f in kind.fields],
            **extra,
        }

    @system_view
    def start(request, system):
        require(authz.can_administer(request.user, system))
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                data, file_kind = read_upload(upload)
                batch = preview(
                    kind,
                    system=system,
                    actor=request.user,
                    file_name=upload.name,
                    data=data,
                    file_kind=file_kind,
                )
            except FileRefused as refused:
                form.add_error("file", str(refused))
            else:
                return redirect(f"{prefix}-preview", slug=system.slug, pk=batch.pk)
        return render(request, "core/import_upload.html", _context(system, form=form))

    @system_view
    def template(request, system):
        require(authz.can_administer(request.user, system))
        return export_response(request, template_spec(kind), [], file_format="xlsx")

    def _preview_page(request, system, batch, refusal=None, status=200):
        shown = [r for r in batch.rows if r["action"] != "unchanged"]
        page = Paginator(shown, ROWS_PER_PAGE).get_page(parse_page(request))
        refused_rows = set(refusal.rows) if refusal else set()
        context = _context(
            system, batch=batch, page=page, refusal=refusal, refused_rows=refused_rows
        )
        return render(request, "core/import_preview.html", context, status=status)

    @system_view
    def preview_view(request, system, pk: int):
        return _preview_page(request, system, _batch(request, system, pk))

    @system_view
    @require_POST
    def confirm_view(request, system, pk: int):
        batch = _batch(request, system, pk)
        try:
            batch = confirm(kind, batch=batch, actor=request.user)
        except Refusal as refusal:
            return _preview_page(request, system, batch, refusal=refusal, status=409)
        counts = batch.counts
        messages.success(
            request,
            f"Imported {batch.file_name}: {counts.get('create', 0)} added, "
            f"{counts.get('change', 0)} changed, {counts.get('unchanged', 0)} unchanged.",
        )
        return redirect(f"{prefix}-preview", slug=system.slug, pk=batch.pk)

    return ImportViews(start, template, preview_view, confirm_view)


def import_urls(kind: ImportKind, *, app: str, name: str, under: str, list_url: str) -> list:
    """The four routes of ``kind``'s pages under ``under`` (the list's address, e.g.
    "control-totals"), named ``<app>:<name>-import``, ``-import-template``, ``-import-preview``
    and ``-import-confirm``."""
    views = import_views(kind, list_url=list_url, prefix=f"{app}:{name}-import")
    return [
        path(f"{under}/import/", views.start, name=f"{name}-import"),
        path(f"{under}/import/template/", views.template, name=f"{name}-import-template"),
        path(f"{under}/import/<int:pk>/", views.preview, name=f"{name}-import-preview"),
        path(f"{under}/import/<int:pk>/confirm/", views.confirm, name=f"{name}-import-confirm"),
    ]
