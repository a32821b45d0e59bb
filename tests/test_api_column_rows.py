"""The API's rows written from columns (core.api.columns: ColumnSerializer, and lists read as
``.values()``) are exactly the rows DRF's own serializer writes for the same records."""

import zoneinfo
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation

import pytest
from django.db import transaction
from django.utils import timezone
from rest_framework import serializers
from rest_framework.serializers import Serializer

from config.api import router
from core.api import base, children, columns
from core.api.columns import ColumnSerializer, ValueSerializer, column_writer
from governance.models import Membership
from tests.permissions.api_scoping import url
from tests.permissions.world import build_world

pytestmark = pytest.mark.django_db


def _children(serializer_class) -> frozenset[str]:
    """The lists of children a view may set on each row (core.api.children): its nested
    lists' sources."""
    fields = serializer_class().fields.values()
    return frozenset(f.source for f in fields if isinstance(f, serializers.ListSerializer))


COLUMN_LISTS = [
    (prefix, viewset)
    for prefix, viewset, _ in router.registry
    if column_writer(viewset.serializer_class, viewset.model, _children(viewset.serializer_class))
    is not None
]


def test_the_plain_lists_are_found():
    # A writer that never qualified would make the comparison below vacuous.
    prefixes = {prefix for prefix, _ in COLUMN_LISTS}
    assert {"systems", "organisations", "memberships", "decisions", "plans"} <= prefixes
    # Lists of children read as rows (core.api.children) are written from rows too.
    assert {"funds", "cost-shares"} <= prefixes
    assert not {"meetings", "milestones"} & prefixes


def test_a_list_is_plain_only_while_its_serializer_reads_columns():
    class Plain(serializers.ModelSerializer):
        class Meta:
            model = Membership
            fields = ["id", "committee", "role", "started_on"]

    class Derived(Plain):
        label = serializers.SerializerMethodField()

        class Meta(Plain.Meta):
            fields = [*Plain.Meta.fields, "label"]

        def get_label(self, membership):
            return str(membership)

    class Rewritten(Plain):
        def to_representation(self, instance):
            return {"id": instance.pk}

    class Renamed(Plain):
        person_name = serializers.CharField(source="person.name")

        class Meta(Plain.Meta):
            fields = [*Plain.Meta.fields, "person_name"]

    class MaybeRenamed(Plain):
        # Through a foreign key that may be null: DRF leaves the key out, or writes None.
        organisation_name = serializers.CharField(source="organisation.name")

        class Meta(Plain.Meta):
            fields = [*Plain.Meta.fields, "organisation_name"]

    writer = column_writer(Plain, Membership)
    assert writer.columns == ("id", "committee_id", "role", "started_on")
    assert column_writer(Derived, Membership) is None
    assert column_writer(Rewritten, Membership) is None
    # A related row's column through a foreign key that is never null: read as ``fk__column``.
    assert column_writer(Renamed, Membership).columns[-1] == "person__name"
    assert column_writer(MaybeRenamed, Membership) is None


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def _read(api, prefix, system) -> list:
    """The list's JSON and every listed row's detail JSON."""
    query = {} if prefix == "systems" else {"system": system.pk}
    listed = api.get(url(prefix), query)
    assert listed.status_code == 200, listed.content[:300]
    rows = listed.json()["results"]
    assert rows, f"{prefix}: the world has no row to compare"
    details = [api.get(url(prefix, row["id"])) for row in rows]
    assert all(detail.status_code == 200 for detail in details)
    return [rows, [detail.json() for detail in details]]


@pytest.mark.parametrize("prefix", [prefix for prefix, _, _ in router.registry])
def test_every_list_and_detail_writes_drfs_rows(world, prefix, monkeypatch):
    """What the API writes with ColumnSerializer, ValueSerializer, column lists and children read
    as rows equals what DRF's own Serializer.to_representation writes for the same records (as
    instances)."""
    api = world.api_clients["superuser"]
    ours = _read(api, prefix, world.own.system)
    monkeypatch.setattr(ColumnSerializer, "to_representation", Serializer.to_representation)
    monkeypatch.setattr(ValueSerializer, "to_representation", Serializer.to_representation)
    monkeypatch.setattr(base, "column_writer", lambda *args: None)
    monkeypatch.setattr(children, "column_writer", lambda *args: None)
    drfs = _read(api, prefix, world.own.system)
    assert ours == drfs


def test_every_model_endpoint_writes_through_column_serializer():
    model_serializers = {
        prefix: viewset.serializer_class
        for prefix, viewset, _ in router.registry
        if issubclass(viewset.serializer_class, serializers.ModelSerializer)
    }
    assert len(model_serializers) > 20
    plain_drf = [p for p, s in model_serializers.items() if not issubclass(s, ColumnSerializer)]
    assert not plain_drf, "use core.api.columns.ColumnSerializer for: " + ", ".join(plain_drf)


DECIMALS = [
    "1234.50",
    "-0.00",
    "0.00",
    "0.05",
    "-0.05",
    "0",
    "12.5",
    "12.345",
    "99999999999999.99",
    "-99999999999999.99",
    "999999999999999.99",
    "-999999999999999.99",
    "1E+3",
    "1.00E+3",
    "NaN",
    "-Infinity",
]


@pytest.mark.parametrize("digits, places", [(14, 2), (7, 3), (None, 2), (5, 0)])
@pytest.mark.parametrize("text", DECIMALS)
def test_a_decimal_is_written_as_drf_writes_it(text, digits, places):
    """The writer that skips quantizing a value already at the field's places writes what
    DRF writes, for values at those places and for every other (which go through DRF)."""
    field = serializers.DecimalField(max_digits=digits, decimal_places=places)
    value = Decimal(text)
    try:
        expected = field.to_representation(value)
    except InvalidOperation:
        with pytest.raises(InvalidOperation):
            columns.value_writer(field)(value)
        return
    assert columns.value_writer(field)(value) == expected


@pytest.mark.parametrize(
    "value",
    [date(2019, 4, 1), date(1, 1, 1), "2019-04-01", "", datetime(2019, 4, 1, tzinfo=UTC)],
)
@pytest.mark.parametrize("format_", [serializers.empty, "iso-8601", "%d/%m/%Y", None])
def test_a_date_is_written_as_drf_writes_it(value, format_):
    field = serializers.DateField(format=format_)
    try:
        expected = field.to_representation(value)
    except (AssertionError, TypeError, ValueError):  # DRF refuses it: so does the writer
        with pytest.raises((AssertionError, TypeError, ValueError)):
            columns.value_writer(field)(value)
        return
    assert columns.value_writer(field)(value) == expected


WHEN = [
    datetime(2019, 1, 15, 9, 30, tzinfo=UTC),  # GMT: written with Z
    datetime(2019, 7, 15, 9, 30, 0, 123456, tzinfo=UTC),  # BST: written +01:00
    datetime(2019, 7, 15, 9, 30),  # naive: DRF makes it aware
]


@pytest.mark.parametrize("when", WHEN)
@pytest.mark.parametrize("zone", ["Europe/London", "UTC", "America/New_York"])
def test_a_date_time_is_written_as_drf_writes_it_in_the_current_time_zone(when, zone):
    field = serializers.DateTimeField()
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        write = columns.value_writer(field).bind()
        assert write(when) == field.to_representation(when)


def test_a_row_reads_as_its_instance_would():
    """RowView: columns by name, the model's properties and methods over them, a related row
    by its ``fk__`` keys (None when the key is), and a clear error for anything not read."""
    from finance.models import ControlTotal
    from reports.models import MonthlyReport

    support = {"psf": Decimal("1.50"), "frf": Decimal("2.00"), "mret": Decimal("0.25")}
    values = support | {"support_not_split": Decimal("0.00"), "plan_surplus_deficit": Decimal(-10)}
    row = columns.RowView(values, ControlTotal)
    assert row.support == Decimal("3.75") and row.net == Decimal("-6.25")
    with pytest.raises(AttributeError, match="'year_id'"):
        row.year_id  # noqa: B018

    published = {"id": 7, "published_by_id": 3, "published_by__first_name": "Ann"}
    report = columns.RowView(
        published | {"published_by__last_name": "Lee", "published_by__username": "ann"},
        MonthlyReport,
    )
    assert report.pk == 7 and report.published_by.get_full_name() == "Ann Lee"
    assert columns.RowView({"published_by_id": None}, MonthlyReport).published_by is None


def test_a_method_that_declares_what_it_reads_is_given_the_row():
    class Declared(serializers.ModelSerializer):
        label = serializers.SerializerMethodField()

        class Meta:
            model = Membership
            fields = ["id", "role", "label"]

        @columns.reads("role")
        def get_label(self, membership):
            return membership.role.upper()

    writer = column_writer(Declared, Membership)
    assert writer.columns == ("id", "role")
    assert writer.write([{"id": 1, "role": "chair"}], Declared()) == [
        {"id": 1, "role": "chair", "label": "CHAIR"}
    ]


def test_a_related_rows_columns_nest_as_its_serializer_writes_them():
    from milestones.api.serializers import WorkstreamSerializer
    from milestones.models import Workstream

    writer = column_writer(WorkstreamSerializer, Workstream)
    assert {"sro_id", "sro__name", "sro__title"} <= set(writer.columns)
    row = dict.fromkeys(writer.columns, "") | {"id": 1, "plan_id": 2, "lead_organisation_id": None}
    with_sro, without = row | {"sro_id": 5, "sro__name": "Ann Lee"}, row | {"sro_id": None}
    written = writer.write([with_sro, without], WorkstreamSerializer())
    assert written[0]["sro"] == {"name": "Ann Lee", "title": ""}
    assert written[1]["sro"] is None


def test_a_column_is_written_as_read_only_where_its_field_would_give_it_back():
    class Columns(serializers.ModelSerializer):
        id_text = serializers.CharField(source="id")  # str(5): not as read
        planned = serializers.BooleanField()
        number = serializers.ChoiceField(source="id", choices=[(1, "one")])  # int keys

        class Meta:
            model = Membership
            fields = ["id", "role", "id_text", "planned", "number", "started_on"]

    writers = {name: write for name, _, write in column_writer(Columns, Membership).fields}
    # An integer id, a role among string choices and a boolean are written as the database
    # reads them; the rest through their field (the tests above hold every list equal to DRF).
    assert writers["id"] is writers["role"] is writers["planned"] is None
    assert writers["id_text"](5) == "5"
    assert writers["number"](1) == 1 and writers["started_on"] is not None
