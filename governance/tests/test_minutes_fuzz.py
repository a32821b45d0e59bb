"""Hostile values in every minutes form (tests/test_page_fuzz.py's values): never a server
error. The site-wide fuzz walks the demo, which has no minutes, so it cannot reach these."""

import pytest
from django.urls import reverse

from governance import services_minutes as services
from governance.tests.minutes_helpers import approved, circulated
from tests.crawl import _Parser
from tests.test_page_fuzz import hostile_posts

pytestmark = pytest.mark.django_db


def _forms(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parser = _Parser(url)
    parser.feed(response.content.decode())
    # Not the header's sign-out form: the fuzz stays signed in.
    return [f for f in parser.forms if f.method == "post" and "/logout/" not in f.action]


def test_hostile_values_in_the_minutes_forms(client, system, office, board):
    draft = services.minutes_draft(actor=office, meeting=board.earlier)
    sent = circulated(office, board.later, on=board.later.held_on)
    done = approved(office, board)
    client.force_login(office)
    client.raise_request_exception = False
    urls = [
        ("minutes-edit", draft.pk),
        ("minutes-edit", sent.pk),
        ("minutes-circulate", draft.pk),
        ("minutes-approve", done.pk),
        ("minutes-correct", done.pk),
        ("minutes-detail", board.cancelled.pk),
    ]
    failures = []
    for name, pk in urls:
        for form in _forms(client, reverse(f"governance:{name}", args=[system.slug, pk])):
            for label, data in hostile_posts(form):
                status = client.post(form.action, data).status_code
                if status >= 500:
                    failures.append(f"{name} ({label}): {status}")
    assert not failures
    assert client.get(reverse("governance:minutes-detail", args=[system.slug, board.meeting.pk]))
