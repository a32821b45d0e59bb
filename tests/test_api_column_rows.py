"""The API's rows written from columns (core.api.columns: ColumnSerializer, and lists read as
``.values()``) are exactly the rows DRF's own serializer writes for the same records."""

import pytest
from django.db import transaction
from rest_framework import serializers
from rest_framework.serializers import Serializer

from config.api import router
from core.api import base, children
from core.api.columns import ColumnSerializer, column_writer
from governance.models import Membership
from tests.permissions.api_scoping import url
from tests.permissions.world import build_world

pytestmark = pytest.mark.django_db

COLUMN_LISTS = [
    (prefix, viewset)
    for prefix, viewset, _ in router.registry
    if column_writer(viewset.serializer_class, viewset.model) is not None
]


def test_the_plain_lists_are_found():
    # A writer that never qualified would make the comparison below vacuous.
    prefixes = {prefix for prefix, _ in COLUMN_LISTS}
    assert {"systems", "organisations", "memberships", "decisions", "plans"} <= prefixes
    assert not {"meetings", "milestones", "funds"} & prefixes


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

    writer = column_writer(Plain, Membership)
    assert writer.columns == ("id", "committee_id", "role", "started_on")
    assert column_writer(Derived, Membership) is None
    assert column_writer(Rewritten, Membership) is None
    assert column_writer(Renamed, Membership) is None


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
    """What the API writes with ColumnSerializer, column lists and children read as rows equals
    what DRF's own Serializer.to_representation writes for the same records (as instances)."""
    api = world.api_clients["superuser"]
    ours = _read(api, prefix, world.own.system)
    monkeypatch.setattr(ColumnSerializer, "to_representation", Serializer.to_representation)
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
