"""Who has access, as XLSX and CSV: the access review's people, current then ended."""

from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from partners.models import Access
from tests.spreadsheets import column, read_csv, read_xlsx

pytestmark = pytest.mark.django_db


def test_the_access_review_downloads(client, office, lead, chair, system):
    chair.last_login = timezone.now() - timedelta(days=1)
    chair.save()
    access = lead.accesses.get(system=system)
    access.ends_on = date(2019, 1, 31)
    access.end_reason = "=Left the trust"
    access.save()
    client.force_login(office)
    url = reverse("partners:access-list", args=[system.slug])
    book = read_xlsx(client.get(url, {"format": "xlsx"}))
    people = column(book, "Person")
    assert people[-1] == (lead.get_full_name() or lead.username)
    assert column(book, "Ended")[-1] == "Ended"
    assert column(book, "Why ended")[-1] == "=Left the trust"
    assert column(book, "Ends")[-1] == datetime(2019, 1, 31)
    chair_row = people.index(chair.get_full_name() or chair.username)
    assert isinstance(column(book, "Last signed in")[chair_row], datetime)
    assert column(book, "No activity in 90 days")[chair_row] is None
    assert read_csv(client.get(url, {"format": "csv"}))[-1]["Why ended"] == "'=Left the trust"


@pytest.mark.parametrize("count", [2, 20])
def test_access_export_queries_do_not_grow(
    client, office, system, organisation, count, django_assert_num_queries
):
    for n in range(count):
        user = get_user_model().objects.create_user(username=f"user{n}", first_name=f"User {n}")
        Access.objects.create(
            user=user, system=system, role=Role.PARTNER_LEAD, organisation=organisation
        )
    client.force_login(office)
    url = reverse("partners:access-list", args=[system.slug])
    # session, user, accesses (the signed-in user's), system, every access with its user and
    # organisation, and the first visit's session save (savepoint, update, release).
    with django_assert_num_queries(8):
        response = client.get(url, {"format": "xlsx"})
        b"".join(response.streaming_content)
