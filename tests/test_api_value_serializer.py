"""core.api.columns.ValueSerializer writes exactly what DRF's Serializer writes for the values
the code builds (dicts and objects): every kind of field, and every way a value can be absent."""

import zoneinfo
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework import serializers
from rest_framework.serializers import Serializer

from core.api.columns import ValueSerializer


class Step(ValueSerializer):
    step = serializers.IntegerField()
    open = serializers.IntegerField(required=False)


class Summary(ValueSerializer):
    name = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    when = serializers.DateTimeField(required=False)
    on = serializers.DateField(default=date(2019, 4, 1))
    met = serializers.BooleanField(allow_null=True, required=False)
    first = Step(allow_null=True, required=False)
    steps = Step(many=True, required=False)
    notes = serializers.ListField(child=serializers.CharField(), required=False)
    label = serializers.CharField(source="first.step", required=False)
    whole = serializers.SerializerMethodField()

    def get_whole(self, value) -> str:
        return type(value).__name__


@dataclass
class Outcome:
    name: str
    amount: Decimal | None
    when: datetime
    steps: list = field(default_factory=list)

    @property
    def met(self) -> bool:
        return self.amount is not None

    def notes(self) -> list:  # a method: DRF calls it
        return ["called"]


VALUES = [
    # Every field present.
    {
        "name": "Norfolk",
        "amount": Decimal("1594620.00"),
        "when": datetime(2019, 10, 1, 9, 30, tzinfo=UTC),
        "on": date(2020, 3, 31),
        "met": True,
        "first": {"step": 1, "open": 2},
        "steps": [{"step": 1, "open": 2}, {"step": 2}],
        "notes": ["a", 3],
    },
    # Absent: a key without a default is left out, one with a default is written, None stays.
    {"name": 7, "amount": None, "first": None, "steps": []},
    # Places to quantize; a callable value (DRF calls it).
    {"name": lambda: "called", "amount": Decimal("12.5"), "met": None},
    # An object: attributes, a property and a method.
    Outcome("Outcome", Decimal("1.00"), datetime(2019, 6, 1, 23, 0, tzinfo=UTC), [{"step": 3}]),
]


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("zone", ["UTC", "Europe/London"])
def test_a_value_is_written_as_drf_writes_it(value, zone):
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        ours = Summary().to_representation(value)
        drfs = Serializer.to_representation(Summary(), value)
    assert ours == drfs
    assert "whole" in ours and "on" in ours


def test_many_values_share_one_plan():
    summaries = Summary(VALUES[:2], many=True)
    written = summaries.data
    assert [row["name"] for row in written] == ["Norfolk", "7"]
    assert written[1]["amount"] is None and "when" not in written[1]
