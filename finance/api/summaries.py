"""``finance-summaries``: for each system and financial year with control totals or efficiency
plans, the CCG, provider and system subtotals and the reconciliation against the totals the
source papers print. Every figure comes from finance.totals; a page costs a fixed number of
queries (the page's keys, then its control totals, efficiency plans and stated totals)."""

import functools
from collections import defaultdict
from collections.abc import Callable
from types import SimpleNamespace

from django.db.models import Q, Sum
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from core import authz
from core.api.base import ScopedReadOnlyViewSet
from core.api.columns import value_writer
from core.params import parse_int
from finance import totals
from finance.api.filters import FinanceSummaryFilterSet
from finance.api.serializers import (
    ControlSubtotalSerializer,
    DifferenceSerializer,
    EfficiencySubtotalSerializer,
    FinanceSummarySerializer,
)
from finance.models import ControlTotal, EfficiencyPlan, RecordStatus, StatedTotal
from partners.models import Organisation

GROUPS = (totals.CCG, totals.PROVIDER, totals.SYSTEM)


def summary_id(system_id: int, year_label: str) -> str:
    return f"{system_id}-{year_label.replace('/', '-')}"


def parse_summary_id(value: str) -> tuple[int, str] | None:
    """(system id, year label) from "3-2019-20", or None when it is not such an id."""
    system_id, _, year = value.partition("-")
    if not system_id.isdigit() or len(year) != 7 or year[4] != "-":
        return None
    return int(system_id), year.replace("-", "/", 1)


class SummaryPagination(BasePagination):
    """Summaries in (system id, year) order, a page at a time. ``cursor`` is the id of the last
    summary on the previous page, so pages stay stable while summaries are added."""

    page_size = 100
    max_page_size = 500
    page_size_query_param = "page_size"
    cursor_query_param = "cursor"

    def paginate_keys(self, keys: list, request) -> list:
        """The page of the sorted (system id, year label, year id) keys the request asks for."""
        self.request = request
        self.keys = keys
        size = self._page_size(request)
        cursor = request.query_params.get(self.cursor_query_param)
        start = 0
        if cursor is not None:
            after = parse_summary_id(cursor)
            if after is None:
                raise NotFound("Invalid cursor")
            start = sum(1 for key in keys if key[:2] <= after)
        self.start, self.end = start, min(start + size, len(keys))
        self.size = size
        return keys[start : self.end]

    def _page_size(self, request) -> int:
        size = parse_int(request, self.page_size_query_param, default=self.page_size)
        return min(size, self.max_page_size)

    def _link(self, index: int | None) -> str:
        """A link to the page starting after key ``index`` (None: the first page)."""
        url = self.request.build_absolute_uri()
        if index is None:
            return remove_query_param(url, self.cursor_query_param)
        return replace_query_param(url, self.cursor_query_param, summary_id(*self.keys[index][:2]))

    def get_paginated_response(self, data):
        more = self.end < len(self.keys)
        previous = None
        if self.start > 0:
            begin = max(self.start - self.size, 0)
            previous = self._link(begin - 1 if begin else None)
        return Response(
            {
                "next": self._link(self.end - 1) if more else None,
                "previous": previous,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {
                    **link,
                    "example": "http://api.example.org/api/v1/finance-summaries/?cursor=3-2019-20",
                },
                "previous": {**link, "example": None},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "The pagination cursor value.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": "Number of results to return per page.",
                "schema": {"type": "integer"},
            },
        ]


def build_summaries(user, keys: list) -> list[dict]:
    """One summary per (system id, year label, year id) key, in three queries in all, as
    FinanceSummarySerializer writes it (``write_summary``)."""
    if not keys:
        return []
    # The page's systems and years: a superset of its (system, year) pairs when the page spans
    # systems, whose rows no summary below looks up. One condition of two lists, where an OR of
    # every pair cost the statement's building more than the database its reading. Each list
    # is compared with the related field itself (the same SQL as the foreign key's column,
    # without Django normalising each id as a related object).
    pairs = Q(
        system__id__in={system_id for system_id, _, _ in keys},
        year__id__in={year_id for _, _, year_id in keys},
    )
    # One organisation of each kind for the sums to name (all that the subtotals read of it).
    organisations = {}

    def sums_by_kind(model) -> dict:
        """The current rows' sums for each system, year and organisation kind, added up by
        the database: a few rows a summary, whatever the number of organisations. Each is
        read as a row of the model (``_sums_row``), whose own properties derive the other
        columns from the sums (support, net, total: sums of columns, so equal to the rows'
        sums)."""
        columns = [
            f.attname
            for f in model._meta.concrete_fields
            if f.get_internal_type() == "DecimalField"
        ]
        sums = (
            authz.scoped(user, model)
            .filter(pairs, status=RecordStatus.CURRENT)  # withdrawn rows are not summed
            .values_list("system_id", "year_id", "organisation__kind")
            .annotate(*(Sum(column) for column in columns))
            .order_by()
        )
        row = _sums_row(model)
        grouped = defaultdict(list)
        for system_id, year_id, kind, *values in sums:
            organisation = organisations.get(kind)
            if organisation is None:
                organisation = organisations[kind] = Organisation(kind=kind)
            values = dict(zip(columns, values, strict=True))
            grouped[system_id, year_id].append(row(organisation=organisation, **values))
        return grouped

    control = sums_by_kind(ControlTotal)
    efficiency = sums_by_kind(EfficiencyPlan)
    stated = defaultdict(list)
    # Each summary's stated totals in the order of their table, group and column (the model's
    # order within one system and year), without joining the systems and years to sort by.
    for row in authz.scoped(user, StatedTotal).filter(pairs).order_by("table", "group", "column"):
        stated[row.system_id, row.year_id].append(row)
    summaries = []
    for system_id, label, year_id in keys:
        key = (system_id, year_id)
        control_subtotals = totals.control_total_subtotals(control[key])
        efficiency_subtotals = totals.efficiency_subtotals(efficiency[key])
        differences = totals.reconcile(
            stated[key],
            {
                StatedTotal.Table.CONTROL_TOTALS.value: control_subtotals,
                StatedTotal.Table.EFFICIENCY_PLANS.value: efficiency_subtotals,
            },
        )
        summaries.append(
            write_summary(
                summary_id(system_id, label),
                system_id,
                label,
                control_subtotals,
                efficiency_subtotals,
                len(stated[key]),
                differences,
            )
        )
    return summaries


@functools.cache
def _sums_row(model) -> type:
    """A class whose instances read as a row of ``model`` made of its attributes (columns, and
    the organisation): the model's own properties (``support``, ``net``, ``total``) are
    computed over them, as over an instance, without building one for each row."""
    properties = {name: value for name, value in vars(model).items() if isinstance(value, property)}
    return type(f"{model.__name__}Sums", (SimpleNamespace,), properties)


@functools.cache
def _writers(serializer_class) -> tuple[tuple[str, Callable], ...]:
    """Each field of a serializer of plain values, and how it writes a value (None is
    written as None, as DRF writes an empty value)."""
    return tuple((name, value_writer(field)) for name, field in serializer_class().fields.items())


def _write(serializer_class, values) -> dict | None:
    """``values`` (a mapping, or an object's attributes) as ``serializer_class`` writes them."""
    if values is None:
        return None
    read = values.get if isinstance(values, dict) else values.__getattribute__
    written = {}
    for name, write in _writers(serializer_class):
        value = read(name)
        written[name] = None if value is None else write(value)
    return written


def write_summary(
    identifier: str,
    system_id: int,
    year: str,
    control: totals.Subtotals,
    efficiency: totals.Subtotals,
    stated_totals_checked: int,
    differences: list,
) -> dict:
    """A summary as FinanceSummarySerializer writes it (and DRF would: each figure by its
    field's writer), in one pass."""
    return {
        "id": identifier,
        "system": system_id,
        "year": year,
        "control_totals": {
            g: _write(ControlSubtotalSerializer, control.sums.get(g)) for g in GROUPS
        },
        "efficiency_plans": {
            g: _write(EfficiencySubtotalSerializer, efficiency.sums.get(g)) for g in GROUPS
        },
        "stated_totals_checked": stated_totals_checked,
        "reconciliation": [_write(DifferenceSerializer, d) for d in differences],
    }


EXAMPLE = {
    "id": "3-2019-20",
    "system": 3,
    "year": "2019/20",
    "control_totals": {
        "ccg": {"allocation_or_income": "1594620.00", "allocations": "1594620.00",
                "income": "0.00", "plan_surplus_deficit": "5340.00",
                "psf": "0.00", "frf": "0.00", "mret": "0.00", "support_not_split": "0.00",
                "support": "0.00", "net": "5340.00"},
        "provider": None,
        "system": None,
    },
    "efficiency_plans": {
        "ccg": {"recurrent": "57122.00", "non_recurrent": "3300.00", "total": "60422.00",
                "denominator": "1594620.00", "percent": "3.79"},
        "provider": None,
        "system": None,
    },
    "stated_totals_checked": 19,
    "reconciliation": [
        {"table": "efficiency_plans", "group": "ccg", "column": "denominator",
         "stated": "1594619.00", "computed": "1594620.00", "difference": "1.00"},
    ],
}  # fmt: skip


class FinanceSummaryViewSet(ScopedReadOnlyViewSet):
    """For each system and financial year with control totals or efficiency plans: the CCG,
    provider and system subtotals of both tables (a group is null when it has no rows), the
    efficiency percentage of each group from its own sums, and every total printed in the
    source papers that the rows do not add up to. Money in £'000 as decimal strings."""

    model = ControlTotal
    serializer_class = FinanceSummarySerializer
    filterset_class = FinanceSummaryFilterSet
    pagination_class = SummaryPagination
    filter_backends = [DjangoFilterBackend]
    lookup_value_regex = r"[0-9]+-[0-9]{4}-[0-9]{2}"
    history = None  # a summary is derived: its rows carry the history

    def keys(self, **lookup) -> list[tuple[int, str, int]]:
        """The (system id, year label, year id) of every summary, sorted, in one query."""

        # A list reads its rows within the system it names, if any (its filter then has
        # nothing to add); a detail is found by its id alone.
        within = self.within_named() if self.action == "list" else None

        def of(model):
            queryset = authz.scoped(self.request.user, model, within=within).filter(**lookup)
            return (
                self.filter_queryset(queryset)
                .values_list("system_id", "year__label", "year_id")
                .order_by()
            )

        return sorted(of(ControlTotal).union(of(EfficiencyPlan)))

    @extend_schema(examples=[OpenApiExample("Norfolk and Waveney, abridged", value=EXAMPLE)])
    def list(self, request, *args, **kwargs):
        paginator = self.paginator
        page = paginator.paginate_keys(self.keys(), request)
        # Written as FinanceSummarySerializer writes them (build_summaries).
        return paginator.get_paginated_response(build_summaries(request.user, page))

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "id", OpenApiTypes.STR, OpenApiParameter.PATH, description="e.g. 3-2019-20"
            )
        ]
    )
    def retrieve(self, request, *args, **kwargs):
        parsed = parse_summary_id(kwargs[self.lookup_field])
        keys = [] if parsed is None else self.keys(system_id=parsed[0], year__label=parsed[1])
        if not keys:
            raise Http404("No finance summary matches the given query.")
        return Response(build_summaries(request.user, keys)[0])

    def filter_queryset(self, queryset):
        # Filters apply to lists; a detail is found by its id alone.
        return super().filter_queryset(queryset) if self.action == "list" else queryset
