"""Lists written from their columns (core.api.columns) give exactly the rows their serializer
gives: every such list's rows equal the detail's, which the serializer writes."""

import pytest
from django.db import transaction
from rest_framework import serializers

from config.api import router
from core.api.columns import column_writer
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


@pytest.mark.parametrize("prefix", [p for p, _ in COLUMN_LISTS])
def test_a_column_list_gives_the_serializers_rows(world, prefix):
    api = world.api_clients["superuser"]
    query = {} if prefix == "systems" else {"system": world.own.system.pk}
    listed = api.get(url(prefix), query)
    assert listed.status_code == 200, listed.content[:300]
    rows = listed.json()["results"]
    assert rows, f"{prefix}: the world has no row to compare"
    for row in rows:
        detail = api.get(url(prefix, row["id"]))
        assert detail.status_code == 200
        assert row == detail.json()
