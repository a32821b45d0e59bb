"""``overview``: each system the token reads, with the figures of the regulators' overview page
as at one date (``?as_at=``, today when absent). Both read ``reports.overview.overview_rows``,
so a regulator's script and the page agree; a page of systems costs a fixed number of queries."""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from core.api.base import ScopedReadOnlyViewSet, SystemFilterSet
from core.api.columns import ValueSerializer
from core.reporting_date import PARAMETER
from partners.models import Region, System
from reports.overview import OverviewRow, overview_date, overview_rows


def _money():
    return serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)


class OverviewMilestonesSerializer(ValueSerializer):
    red = serializers.IntegerField()
    amber = serializers.IntegerField()
    green = serializers.IntegerField(help_text="On track.")
    complete = serializers.IntegerField()
    undated = serializers.IntegerField(help_text="Left undated by their source: no RAG.")
    total = serializers.IntegerField()


class OverviewKeyMilestonesSerializer(OverviewMilestonesSerializer):
    late = serializers.IntegerField(help_text="Red or amber: the dashboard's list.")
    worst_slippage_days = serializers.IntegerField(allow_null=True)


class OverviewStepCountSerializer(ValueSerializer):
    step = serializers.IntegerField()
    open = serializers.IntegerField()


class OverviewEscalationsSerializer(ValueSerializer):
    open = serializers.IntegerField()
    by_step = OverviewStepCountSerializer(many=True)
    at_regulator_step = serializers.IntegerField(
        help_text="Open cases whose current step escalates to a regulator."
    )
    responses_overdue = serializers.IntegerField()


class OverviewNamedSerializer(ValueSerializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class OverviewCommitteesSerializer(ValueSerializer):
    meetings_held = serializers.IntegerField(help_text="In the month, up to the date.")
    unquorate = OverviewNamedSerializer(
        many=True, help_text="Committees with a meeting not quorate."
    )


class OverviewFinanceSerializer(ValueSerializer):
    year = serializers.CharField()
    net_control_total = _money()
    month = serializers.DateField(allow_null=True, help_text="The latest monthly positions.")
    ytd_plan = _money()
    ytd_actual = _money()
    ytd_variance = _money()
    forecast_outturn = _money()
    outturn_variance = _money()
    coverage = serializers.CharField()


class OverviewRiskSerializer(ValueSerializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    rating = serializers.CharField(help_text='As the register rates it: "H", or "High (12)".')


class OverviewReportSerializer(ValueSerializer):
    id = serializers.IntegerField()
    month = serializers.DateField()
    version = serializers.IntegerField()
    published_at = serializers.DateTimeField()


class OverviewReportsSerializer(ValueSerializer):
    last_published = OverviewReportSerializer(allow_null=True)
    due_month = serializers.DateField(help_text="The latest month whose report was due.")
    late = serializers.BooleanField()


class OverviewSerializer(ValueSerializer):
    id = serializers.IntegerField(help_text="The system's id.")
    slug = serializers.CharField()
    name = serializers.CharField()
    # As ``systems`` gives them (their values are that endpoint's region and stage).
    region = serializers.CharField(help_text='e.g. "east_of_england"')
    stage = serializers.CharField(help_text='e.g. "aspirant_ics"')
    as_at = serializers.DateField()
    milestones = OverviewMilestonesSerializer(help_text="Every milestone that counts, by RAG.")
    key_milestones = OverviewKeyMilestonesSerializer()
    escalations = OverviewEscalationsSerializer()
    committees = OverviewCommitteesSerializer()
    finance = OverviewFinanceSerializer(allow_null=True)
    top_risks = OverviewRiskSerializer(many=True)
    reports = OverviewReportsSerializer()


RAGS = ("red", "amber", "green", "complete", "undated")


def as_data(row: OverviewRow) -> dict:
    """An overview row as the API writes it (``OverviewSerializer``)."""
    system, finance, report = row.system, row.finance, row.last_report
    return {
        "id": system.pk,
        "slug": system.slug,
        "name": system.name,
        "region": system.region,
        "stage": system.stage,
        "as_at": row.as_at,
        "milestones": {
            **{rag: row.count(rag) for rag in RAGS},
            "total": row.total,
        },
        "key_milestones": {
            **{rag: row.key_count(rag) for rag in RAGS},
            "total": row.key_total,
            "late": row.key_late,
            "worst_slippage_days": row.key_worst_slippage,
        },
        "escalations": {
            "open": row.cases_open,
            "by_step": [{"step": step, "open": n} for step, n in row.cases_by_step],
            "at_regulator_step": row.cases_at_regulator,
            "responses_overdue": row.responses_overdue,
        },
        "committees": {
            "meetings_held": row.meetings_held,
            "unquorate": [{"id": c.pk, "name": c.name} for c in row.unquorate_committees],
        },
        "finance": None
        if finance is None
        else {
            "year": finance["year"].label,
            "net_control_total": finance["net_control_total"],
            "month": finance["month"],
            "ytd_plan": finance["ytd_plan"],
            "ytd_actual": finance["ytd_actual"],
            "ytd_variance": finance["ytd_variance"],
            "forecast_outturn": finance["forecast_outturn"],
            "outturn_variance": finance["variance"],
            "coverage": finance["coverage"],
        },
        "top_risks": [
            {"id": r.pk, "reference": r.reference, "title": r.title, "rating": r.rating_label}
            for r in row.top_risks
        ],
        "reports": {
            "last_published": None
            if report is None
            else {
                "id": report.pk,
                "month": report.month,
                "version": report.version,
                "published_at": report.published_at,
            },
            "due_month": row.report_due_month,
            "late": row.report_late,
        },
    }


class OverviewFilterSet(SystemFilterSet):
    region = django_filters.ChoiceFilter(choices=Region.choices)
    stage = django_filters.ChoiceFilter(choices=System.Stage.choices)

    class Meta:
        model = System
        fields = ["system", "region", "stage"]


AS_AT = OpenApiParameter(
    PARAMETER,
    OpenApiTypes.DATE,
    OpenApiParameter.QUERY,
    description="The one date every figure is worked out as at (YYYY-MM-DD); today if absent.",
)
EXAMPLE = {
    "id": 3,
    "slug": "norfolk-waveney",
    "name": "Norfolk and Waveney Sustainability and Transformation Partnership",
    "region": "east_of_england",
    "stage": "aspirant_ics",
    "as_at": "2019-04-30",
    "milestones": {"red": 3, "amber": 0, "green": 26, "complete": 0, "undated": 14,
                   "total": 43},
    "key_milestones": {"red": 1, "amber": 2, "green": 5, "complete": 0, "undated": 0,
                       "total": 8, "late": 3, "worst_slippage_days": 30},
    "escalations": {"open": 1, "by_step": [{"step": 1, "open": 1}], "at_regulator_step": 0,
                    "responses_overdue": 0},
    "committees": {"meetings_held": 1, "unquorate": []},
    "finance": {"year": "2019/20", "net_control_total": "-16379.00", "month": None,
                "ytd_plan": None, "ytd_actual": None, "ytd_variance": None,
                "forecast_outturn": None, "outturn_variance": None, "coverage": ""},
    "top_risks": [{"id": 12, "reference": "R1", "title": "Workforce", "rating": "H"}],
    "reports": {"last_published": None, "due_month": "2019-02-01", "late": True},
}  # fmt: skip


@extend_schema(parameters=[AS_AT])
class OverviewViewSet(ScopedReadOnlyViewSet):
    """Each system the token reads, side by side as at one date: key milestones by RAG and
    slippage, open escalations by step (and at a regulator's step), responses overdue,
    committees not quorate in the month, the finance headline against the control total (money
    in £'000 as decimal strings), the top risks and the last published report, with whether
    the latest one due is late. The same figures as the overview page (``/overview/``)."""

    model = System
    serializer_class = OverviewSerializer
    filterset_class = OverviewFilterSet
    ordering_fields = ["name", "slug"]
    history = None  # derived figures: their records carry the history

    def _rows(self, systems) -> list[dict]:
        as_at = overview_date(self.request)
        return [as_data(row) for row in overview_rows(self.request.user, list(systems), as_at)]

    @extend_schema(examples=[OpenApiExample("Norfolk and Waveney, abridged", value=EXAMPLE)])
    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        data = self.get_serializer(self._rows(page), many=True).data
        return self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self._rows([self.get_object()])[0]).data)
