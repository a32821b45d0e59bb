"""Sessions end after 30 idle minutes and 12 hours in all (configurable), with a warning and a
way to stay signed in. Time passes by moving the session's own timestamps back."""

import pytest
from django.contrib.auth import SESSION_KEY

from config.env import ImproperlyConfiguredEnv, env_int
from core.sessions import ACTIVE_AT, SIGNED_IN_AT, now

MINUTE, HOUR = 60, 60 * 60


@pytest.fixture
def signed_in(client, office, system):
    client.force_login(office)
    return client


def travel(client, *, idle: int = 0, signed_in_for: int = 0) -> None:
    """As if the last activity was ``idle`` seconds ago and sign-in ``signed_in_for`` ago."""
    session = client.session
    session[ACTIVE_AT] = now() - idle
    session[SIGNED_IN_AT] = now() - max(idle, signed_in_for)
    session.save()


def people(system) -> str:
    return f"/s/{system.slug}/people/"


def test_signing_in_starts_both_clocks(client, office):
    client.post("/login/", {"login": "alice", "password": "password"})
    assert abs(client.session[SIGNED_IN_AT] - now()) <= 1
    assert client.session[ACTIVE_AT] == client.session[SIGNED_IN_AT]


def test_a_page_within_the_idle_limit_keeps_the_session_and_counts_as_activity(signed_in, system):
    travel(signed_in, idle=29 * MINUTE)
    assert signed_in.get(people(system)).status_code == 200
    assert abs(signed_in.session[ACTIVE_AT] - now()) <= 1


def test_thirty_idle_minutes_end_the_session_with_a_message(signed_in, system):
    travel(signed_in, idle=30 * MINUTE + 1)
    response = signed_in.get(people(system))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
    assert SESSION_KEY not in signed_in.session
    login = signed_in.get(response["Location"]).content.decode()
    assert "You were signed out after 30 minutes without activity." in login


def test_twelve_hours_end_the_session_however_active(signed_in, system):
    travel(signed_in, idle=MINUTE, signed_in_for=12 * HOUR - 5)
    assert signed_in.get(people(system)).status_code == 200
    travel(signed_in, idle=MINUTE, signed_in_for=12 * HOUR + 1)
    response = signed_in.get(people(system))
    assert response.status_code == 302
    login = signed_in.get(response["Location"]).content.decode()
    assert "signed in for 12 hours" in login


def test_the_limits_come_from_settings(signed_in, system, settings):
    settings.SESSION_IDLE_TIMEOUT = 5 * MINUTE
    travel(signed_in, idle=5 * MINUTE + 1)
    assert signed_in.get(people(system)).status_code == 302


def test_the_status_is_not_activity_and_staying_signed_in_is(signed_in):
    travel(signed_in, idle=28 * MINUTE)
    status = signed_in.get("/session/")
    assert status["Cache-Control"].startswith("max-age=0")
    assert 110 <= status.json()["idle_seconds"] <= 120
    assert 110 <= signed_in.get("/session/").json()["idle_seconds"] <= 120
    stay = signed_in.post("/session/").json()
    assert stay["idle_seconds"] == 30 * MINUTE
    assert abs(signed_in.session[ACTIVE_AT] - now()) <= 1


def test_staying_signed_in_does_not_extend_the_lifetime(signed_in):
    travel(signed_in, idle=28 * MINUTE, signed_in_for=12 * HOUR - MINUTE)
    assert signed_in.post("/session/").json()["lifetime_seconds"] <= MINUTE


def test_an_ended_session_has_no_status(signed_in):
    travel(signed_in, idle=31 * MINUTE)
    assert signed_in.get("/session/").status_code == 401
    assert signed_in.post("/session/").status_code == 401


def test_htmx_after_the_limit_loads_the_sign_in_page_whole(signed_in, system):
    travel(signed_in, idle=31 * MINUTE)
    response = signed_in.get(people(system), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/login/?next=")


def test_the_api_refuses_an_ended_session(client, regulator, system):
    client.force_login(regulator)
    assert client.get("/api/v1/systems/").status_code == 200
    travel(client, idle=31 * MINUTE)
    assert client.get("/api/v1/systems/").status_code in (401, 403)


def test_pages_carry_the_warning_with_the_time_left(signed_in, system, settings):
    travel(signed_in, idle=10 * MINUTE)
    page = signed_in.get(people(system)).content.decode()
    assert 'id="session-timeout"' in page
    # The page was activity: the full idle time is left, and the warning's lead time is given.
    assert 'data-idle-seconds="1800"' in page
    assert f'data-warning-seconds="{settings.SESSION_TIMEOUT_WARNING}"' in page
    assert "Stay signed in" in page
    assert "js/session-timeout.js" in page


def test_signed_out_pages_have_no_warning(client, db):
    assert 'id="session-timeout"' not in client.get("/login/").content.decode()


def test_a_limit_below_the_minimum_stops_start_up(monkeypatch):
    monkeypatch.setenv("SESSION_IDLE_MINUTES", "0")
    with pytest.raises(ImproperlyConfiguredEnv, match="SESSION_IDLE_MINUTES must be at least 1"):
        env_int("SESSION_IDLE_MINUTES", 30, minimum=1)
