"""core.params: a query parameter is read strictly, and a bad one answers 400 naming it (a page
saying so, or DRF's error shape in the API), never a server error."""

from datetime import UTC, date, datetime

import pytest
from django.http import QueryDict
from django.urls import reverse

from core.params import (
    MAX_ID,
    BadParameter,
    as_id,
    get_text,
    parse_choice,
    parse_date,
    parse_datetime,
    parse_id,
    parse_int,
    parse_page,
)

ARABIC_12 = "\u0661\u0662"


def q(text: str) -> QueryDict:
    return QueryDict(text)


@pytest.mark.parametrize(
    "value", [ARABIC_12, "1.5", "1e3", "99999999999999999999", str(MAX_ID + 1), "0", "-3", "x"]
)
def test_an_id_is_ascii_digits_within_bigint(value):
    with pytest.raises(BadParameter) as error:
        parse_id({"committee": value}, "committee")
    assert error.value.name == "committee"


@pytest.mark.django_db
def test_an_api_system_filter_takes_ascii_ids_only(client, regulator, system):
    client.force_login(regulator)
    url = reverse("api:committees-list")
    assert client.get(url, {"system": str(system.pk)}).status_code == 200
    for value in (ARABIC_12, "99999999999999999999"):
        response = client.get(url, {"system": value})
        assert response.status_code == 400 and list(response.json()) == ["system"], value


def test_numbers_read_and_absence_gives_the_default():
    assert parse_id(q("committee=12"), "committee") == 12
    assert parse_id(q("committee="), "committee") is None
    assert parse_page(q("")) == 1
    assert as_id("7") == as_id(7) == 7 and as_id(ARABIC_12) is None and as_id(True) is None
    assert parse_page(q("page=3")) == 3
    assert parse_int(q("n=-2"), "n", min_value=-5) == -2


@pytest.mark.parametrize(
    "value,says",
    [
        ("2019-02-30", "not a real date"),
        ("\u0662\u0660\u0661\u0669-\u0660\u0661-\u0660\u0661", "YYYY-MM-DD"),
        ("9999-12-31", "between 1 January 1990 and 31 December 2100"),
        ("2019-1-1", "YYYY-MM-DD"),
    ],
)
def test_a_date_is_a_real_plausible_iso_day(value, says):
    with pytest.raises(BadParameter, match=says):
        parse_date({"as_at": value}, "as_at")


def test_a_date_reads():
    assert parse_date({"as_at": "2019-03-31"}, "as_at") == date(2019, 3, 31)


@pytest.mark.parametrize(
    "value", ["2019-02-30T00:00Z", "9999-12-31T23:59:59-23:59", "0001-01-01T00:00+01:00", "soon"]
)
def test_a_moment_is_real_and_plausible(value):
    with pytest.raises(BadParameter):
        parse_datetime({"since": value}, "since")


def test_a_moment_reads_with_or_without_an_offset():
    utc = parse_datetime({"since": "2026-01-31T00:00Z"}, "since")
    assert utc == datetime(2026, 1, 31, tzinfo=UTC)
    assert parse_datetime({"since": "2026-01-31"}, "since").tzinfo is not None


def test_choices_and_text():
    assert parse_choice({"period": "past"}, "period", ["past", "upcoming"]) == "past"
    with pytest.raises(BadParameter, match="Choose one of: past, upcoming"):
        parse_choice({"period": "later"}, "period", [("past", "Past"), ("upcoming", "Up")])
    with pytest.raises(BadParameter, match="null character"):
        get_text({"q": "a\x00b"}, "q")
    with pytest.raises(BadParameter, match="at most"):
        get_text({"q": "x" * 201}, "q")


@pytest.mark.django_db
def test_a_page_answers_400_naming_the_parameter(client, office, system):
    client.force_login(office)
    url = reverse("governance:meeting-list", args=[system.slug])
    for query, name in [
        ({"committee": "99999999999999999999"}, "committee"),
        ({"page": ARABIC_12}, "page"),
        ({"period": "yesterday"}, "period"),
        ({"q": "a\x00b"}, "q"),  # read by no page here: refused up front all the same
    ]:
        response = client.get(url, query)
        assert response.status_code == 400, query
        page = response.content.decode()
        assert f"The value given for <strong>{name}</strong> cannot be used" in page
        if name != "q":  # refused before the view named its system
            assert "<title>Check the address - Alpha - " in page, query  # as any system page


@pytest.mark.django_db
def test_the_api_answers_400_in_drf_shape(client, regulator):
    client.force_login(regulator)
    response = client.get(reverse("api:changes"), {"since": "2019-02-30T00:00Z"})
    assert response.status_code == 400
    assert list(response.json()) == ["since"]
    response = client.get(reverse("api:committees-list"), {"name": "a\x00b"})
    assert response.status_code == 400
    assert list(response.json()) == ["name"]


@pytest.mark.django_db
def test_the_changes_feed_still_reads_a_good_moment(client, regulator):
    client.force_login(regulator)
    response = client.get(reverse("api:changes"), {"since": "2019-02-28T00:00Z"})
    assert response.status_code == 200
