"""The public meeting list and meeting page read a constant number of queries, whatever the
number of meetings, items and papers."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.scoping import unscoped
from tests import factories as f
from tests import meeting_factories as mf

pytestmark = pytest.mark.django_db


def _count(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def _more(published, n: int) -> None:
    with unscoped():
        for day in range(n):
            meeting = f.MeetingFactory(
                committee=published.committee, held_on=datetime.date(2017, 1, 1 + day)
            )
            item = mf.AgendaItemFactory(meeting=published.meeting, number=10 + day)
            mf.PaperFactory(item=item)
            mf.PaperFactory(item=item, confidential=True)
            mf.AgendaItemFactory(meeting=meeting, number=1)


def test_the_meeting_list_reads_a_constant_number_of_queries(client, published):
    address = reverse("public:meeting-list", args=[published.system.slug])
    # 1 the system with its publication settings (one join), 2 the meetings counted for the
    # pages, 3 the page of meetings with their committees.
    assert _count(client, address) == 3
    _more(published, 5)
    assert _count(client, address) == 3


def test_the_meeting_page_reads_a_constant_number_of_queries(client, published):
    address = reverse("public:meeting-detail", args=[published.system.slug, published.meeting.pk])
    # 1 the system with its publication settings, 2 the meeting with its committee, 3 its
    # approved minutes (for the link), 4 the public items with their presenters, 5 the current
    # public papers of those items.
    assert _count(client, address) == 5
    _more(published, 5)
    assert _count(client, address) == 5
