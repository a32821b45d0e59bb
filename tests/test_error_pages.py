"""Refusals and failures on pages answer in the service's own NHS.UK look, saying what to do;
under /api/ they stay JSON."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.api.errors import server_error
from core.roles import Role

pytestmark = pytest.mark.django_db

HEADER = 'class="nhsuk-header"'


def test_a_missing_page_is_the_services_404(client_for, system):
    missing = reverse("governance:committee-detail", args=[system.slug, 999999])
    page = client_for(Role.PARTNER_LEAD).get(missing)
    assert page.status_code == 404
    text = page.content.decode()
    assert HEADER in text
    assert "Page not found" in text
    assert "another system" in text


def test_a_refused_page_is_the_services_403(client_for, system):
    # Creating a committee is the programme office's: a partner lead is refused.
    page = client_for(Role.PARTNER_LEAD).get(
        reverse("governance:committee-create", args=[system.slug])
    )
    assert page.status_code == 403
    text = page.content.decode()
    assert HEADER in text
    assert "You cannot do this" in text
    assert "Nothing was changed" in text


def test_a_server_error_is_the_services_500_page_and_json_under_the_api():
    page = server_error(RequestFactory().get("/systems/x/"))
    assert page.status_code == 500
    text = page.content.decode()
    assert HEADER in text
    assert "Sorry, there is a problem with the service" in text
    api = server_error(RequestFactory().get("/api/v1/milestones/"))
    assert api.status_code == 500
    assert api["Content-Type"] == "application/json"
