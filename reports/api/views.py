from functools import cached_property

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.renderers import BaseRenderer, JSONRenderer

from core import authz
from core.addresses import RowAddresses
from core.api.base import ScopedReadOnlyViewSet, SystemFilterSet
from core.api.columns import ColumnSerializer, reads
from core.audit import display_name
from reports.downloads import PdfUnavailable, pdf_response
from reports.history import report_history
from reports.models import FROZEN, MonthlyReport, ReportStatus


class MonthlyReportSerializer(ColumnSerializer):
    system = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    published_by = serializers.SerializerMethodField()
    pdf = serializers.SerializerMethodField(help_text="Where to download the PDF.")

    class Meta:
        model = MonthlyReport
        fields = [
            "id",
            "system",
            "month",
            "version",
            "status",
            "sha256",
            "published_at",
            "published_by",
            "supersedes",
            "commentary",
            "flags",
            "pdf",
        ]
        read_only_fields = fields

    @reads(
        "published_by_id",
        "published_by__first_name",
        "published_by__last_name",
        "published_by__username",
    )
    def get_published_by(self, report) -> str:
        user = report.published_by
        return display_name(user) if user else ""

    @reads("id")
    def get_pdf(self, report) -> str:
        return self._pdf_addresses(report.pk)

    @cached_property
    def _pdf_addresses(self) -> RowAddresses:
        return RowAddresses("api:reports-pdf", self.context.get("request"))


class MonthlyReportDetailSerializer(MonthlyReportSerializer):
    snapshot = serializers.JSONField(
        read_only=True, help_text="Every figure the report shows, frozen (reports/SNAPSHOT.md)."
    )

    class Meta(MonthlyReportSerializer.Meta):
        fields = [*MonthlyReportSerializer.Meta.fields, "snapshot"]
        read_only_fields = fields


class MonthlyReportFilterSet(SystemFilterSet):
    status = django_filters.ChoiceFilter(
        choices=[(s, ReportStatus(s).label) for s in FROZEN],
        label="published, or superseded by a correction",
    )
    month_from = django_filters.DateFilter(
        field_name="month", lookup_expr="gte", label="Month on or after"
    )
    month_to = django_filters.DateFilter(
        field_name="month", lookup_expr="lte", label="Month on or before"
    )
    published_after = django_filters.IsoDateTimeFilter(
        field_name="published_at", lookup_expr="gt", label="Published after (ISO 8601)"
    )

    class Meta:
        model = MonthlyReport
        fields = ["system", "status"]


class PdfConflict(APIException):
    """The stored file is not the PDF the report recorded (or is gone): 409, never a 500 or
    a wrong file."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "pdf_unavailable"


class PdfRenderer(BaseRenderer):
    """Lets a client ask for ``application/pdf``; the PDF itself is returned as stored."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


EXAMPLE = {
    "id": 4,
    "system": "norfolk-waveney",
    "month": "2019-11-01",
    "version": 1,
    "status": "published",
    "sha256": "9f2c...",
    "published_at": "2019-12-06T10:14:03Z",
    "published_by": "Independent Chair",
    "supersedes": None,
    "commentary": "Progress on the acute services review remains behind plan.",
    "flags": [{"title": "Case 3: Stroke pathway", "detail": "No response", "case": 3}],
    "pdf": "https://tracker.example.nhs.uk/api/v1/reports/4/pdf/",
}


@extend_schema(examples=[OpenApiExample("A published report", value=EXAMPLE, response_only=True)])
class MonthlyReportViewSet(ScopedReadOnlyViewSet):
    """The independent chair's published monthly reports. A correction is a new version; the
    version it replaced stays listed as ``superseded``. ``sha256`` is the PDF's hash."""

    model = MonthlyReport
    serializer_class = MonthlyReportSerializer
    filterset_class = MonthlyReportFilterSet
    select = ("system", "published_by")
    ordering_fields = ["month", "version", "published_at"]

    def get_queryset(self):
        if self.action == "pdf":
            return (
                authz.scoped(self.request.user, MonthlyReport)
                .filter(status__in=FROZEN)
                .select_related("system")
                .only("system__slug", "status", "month", "version", "pdf", "sha256")
            )
        queryset = super().get_queryset().filter(status__in=FROZEN)
        if self.action == "retrieve":
            return queryset.defer("pdf")
        return queryset.defer("pdf", "snapshot")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return MonthlyReportDetailSerializer
        return super().get_serializer_class()

    def history_rows(self, instance) -> list:
        # A draft's commentary is not the reader's to see (reports.history).
        return report_history(self.request.user, instance, limit=200)

    def perform_content_negotiation(self, request, force=False):
        # The PDF is sent as it is stored; anything else (401, 404, 429) is JSON like every
        # other endpoint's errors, whatever the client asked for.
        if self.action == "pdf":
            return JSONRenderer(), JSONRenderer.media_type
        return super().perform_content_negotiation(request, force)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The PDF; its SHA-256 is the report's sha256."
            ),
            409: OpenApiResponse(
                description="The stored file is missing or fails its SHA-256 check: not sent."
            ),
        },
        filters=False,
    )
    @action(
        detail=True,
        pagination_class=None,
        filterset_class=None,
        renderer_classes=[PdfRenderer, JSONRenderer],
    )
    def pdf(self, request, *args, **kwargs):
        """The report's PDF, exactly as published (``ETag`` is its SHA-256)."""
        try:
            return pdf_response(self.get_object())
        except PdfUnavailable as error:
            raise PdfConflict(str(error)) from error
