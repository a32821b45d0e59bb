"""Hostile values posted to every form a programme office can reach, then every page walked
again: no request answers a server error, before or after the bad input was offered."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.signals import got_request_exception
from django.test import Client

from tests import factories
from tests.crawl import Form, crawl, shape

pytestmark = pytest.mark.django_db

# The richest seeds: between them every kind of record has a page.
SYSTEMS = ("norfolk-waveney", "cumbria")
# A plausible value for each kind of field a form leaves empty, so that one hostile value at a
# time is what the form is judged on.
PLAUSIBLE = {
    "text": "Fuzz",
    "textarea": "Fuzz",
    "search": "Fuzz",
    "tel": "01234 567890",
    "url": "https://example.org/",
    "email": "fuzz@example.org",
    "number": "1",
    "date": "2019-06-03",
    "month": "2019-06",
    "time": "10:00",
}
DATE, NUMBER, STRING = {"date", "month", "time"}, {"number", "select"}, {"text", "textarea"}
HOSTILE = {
    "nul": ("a\x00b", DATE | NUMBER | STRING),
    "long": ("x" * 20_000, DATE | NUMBER | STRING),
    "year 9999": ("9999-12-31", DATE | STRING),
    "year 0001": ("0001-01-01", DATE),
    "30 February": ("2019-02-30", DATE),
    "unicode digits": ("\u0662\u0660\u0661\u0669-\u0660\u0661-\u0660\u0661", DATE | NUMBER),
    "huge number": ("99999999999999999999", NUMBER | STRING),
    "negative": ("-1", NUMBER | STRING),
    "not a number": ("1e309", NUMBER | STRING),
    "CR LF": ("a\r\nb\rc", STRING),
}


@pytest.fixture
def office_client(seeds):
    client = Client()
    client.force_login(get_user_model().objects.get(username="programme.office"))
    return client


@pytest.fixture
def errors():
    """Every exception a request raised, with the request that raised it."""
    caught = []

    def note(sender, request, **kwargs):
        import sys

        caught.append(f"{request.method} {request.get_full_path()[:200]}: {sys.exc_info()[1]!r}")

    got_request_exception.connect(note)
    yield caught
    got_request_exception.disconnect(note)


def hostile_posts(form: Form):
    """(label, data) for each hostile value: in every field of the kinds it could pose as, and
    a date value in each date field alone too (several dates are often checked together)."""
    base = {n: value or PLAUSIBLE.get(kind, value) for n, (kind, value) in form.fields.items()}
    kinds = {name: kind for name, (kind, _) in form.fields.items()}
    if not set(kinds.values()) & (DATE | NUMBER | STRING):
        yield "as offered", base
        return
    for label, (value, targets) in HOSTILE.items():
        names = [name for name, kind in kinds.items() if kind in targets]
        if names:
            yield label, {**base, **dict.fromkeys(names, value)}
        if targets & DATE and len(names) > 1:
            for name in names:
                if kinds[name] in DATE:
                    yield f"{label} in {name}", {**base, name: value}


def api_lists(client, token: str) -> list[str]:
    root = client.get("/api/v1/", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    return [urlsplit(url).path for url in root.values()]


@pytest.mark.parametrize("system", SYSTEMS)
def test_hostile_values_in_every_form_never_answer_a_server_error(office_client, errors, system):
    office_client.raise_request_exception = False
    found = crawl(office_client, f"/s/{system}/", prefix=f"/s/{system}/")
    assert len(found.pages) > 40 and len(found.forms) > 10  # the walk reached the site
    failures = [f"GET {path}: {status}" for path, status in found.pages.values() if status >= 500]
    token = factories.api_token(get_user_model().objects.get(username="regulator"))
    endpoints = api_lists(office_client, token)
    assert len(endpoints) > 20
    posted = set()
    for form in found.forms:
        if shape(form.action) in posted:
            continue
        posted.add(shape(form.action))
        for label, data in hostile_posts(form):
            response = office_client.post(form.action, data)
            if response.status_code >= 500:
                failures.append(f"POST {form.action} ({label}): {response.status_code}")
    # Whatever was accepted is now stored: every page, file and API list must still answer.
    for path, _ in found.pages.values():
        status = office_client.get(path).status_code
        if status >= 500:
            failures.append(f"GET {path} afterwards: {status}")
    for path in endpoints:
        status = office_client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}").status_code
        if status >= 500:
            failures.append(f"GET {path} afterwards: {status}")
    assert not failures, "\n".join(failures + errors)
