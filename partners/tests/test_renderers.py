"""The API's JSON renderer writes exactly the bytes DRF's JSONRenderer writes."""

import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict

from core.api.renderers import FastJSONRenderer
from core.roles import Role

VALUES = {
    "text": 'Norfolk & Waveney — “quoted”, ünïcode, \\ and " and \n',
    "separators": "a\u2028b\u2029c",
    "numbers": [0, -16379, 2**63 - 1, True, False, None],
    "decimal": Decimal("113208.00"),
    "date": date(2019, 11, 30),
    "datetime": datetime(2019, 11, 30, 9, 5, 7, 123456, tzinfo=UTC),
    "naive": datetime(2019, 11, 30, 9, 5, 7),
    "offset": datetime(2019, 7, 1, 9, 0, tzinfo=UTC).astimezone(
        datetime(2019, 7, 1).astimezone().tzinfo
    ),
    "time": time(9, 30, 15, 250000),
    "duration": timedelta(days=2, hours=3),
    "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "lazy": gettext_lazy("Programme office"),
    "choice": Role.PROGRAMME_OFFICE,
    "nested": ReturnDict({"a": [{"b": []}, {}], 7: "int key"}, serializer=None),
    "tuple": (1, "two"),
}


@pytest.mark.parametrize("name", VALUES)
def test_each_value_is_written_as_drf_writes_it(name):
    data = {"value": VALUES[name]}
    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)


def test_a_whole_response_is_drfs_bytes():
    page = {"next": "http://testserver/api/v1/?cursor=cD0x", "previous": None, "results": [VALUES]}
    fast = FastJSONRenderer().render(page, "application/json")
    assert fast == JSONRenderer().render(page, "application/json")
    assert b"\\u2028" in fast and "\u2028".encode() not in fast


def test_what_orjson_refuses_is_rendered_by_drf():
    data = {"big": 2**70, "nothing": None}
    assert (
        FastJSONRenderer().render(data)
        == JSONRenderer().render(data)
        == b'{"big":' + str(2**70).encode() + b',"nothing":null}'
    )
    assert FastJSONRenderer().render(None) == b""


def test_an_indented_response_is_drfs():
    data = {"a": [1, {"b": date(2019, 4, 1)}]}
    media_type = "application/json; indent=4"
    fast = FastJSONRenderer().render(data, media_type)
    assert fast == JSONRenderer().render(data, media_type) and b'\n    "a"' in fast


def test_what_neither_can_write_is_an_error():
    with pytest.raises(TypeError):
        FastJSONRenderer().render({"value": object()})
