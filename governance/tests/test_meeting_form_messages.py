"""The forms of a meeting's agenda, papers, declarations and the register of interests say in
plain words what is missing, next to the field, instead of the framework's "This field is
required."."""

import datetime
from html import unescape

import pytest
from django.urls import reverse

from governance.tests.form_helpers import error_next_to
from tests import factories as f
from tests import meeting_factories as mf

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(system, in_scope):
    return f.MeetingFactory(committee__system=system, held_on=datetime.date(2018, 3, 1))


def _errors(client, office, url: str, fields: list[str]) -> dict[str, str]:
    client.force_login(office)
    response = client.post(url, {})
    assert response.status_code == 200
    html = response.content.decode()
    return {field: unescape(error_next_to(html, field)) for field in fields}


def test_an_empty_agenda_item_says_what_to_enter(client, office, system, meeting):
    url = reverse("governance:agenda-item-create", args=[system.slug, meeting.pk])
    assert _errors(client, office, url, ["number", "title"]) == {
        "number": "Enter the item's number, for example 3.",
        "title": "Enter the item's title.",
    }


def test_an_empty_paper_says_what_to_enter(client, office, system, meeting):
    item = mf.AgendaItemFactory(meeting=meeting)
    url = reverse("governance:paper-create", args=[system.slug, item.pk])
    assert _errors(client, office, url, ["title", "file"]) == {
        "title": "Enter the paper's title.",
        "file": "Choose the file to upload.",
    }


def test_an_empty_declaration_says_what_to_choose(client, office, system, meeting):
    url = reverse("governance:declaration-create", args=[system.slug, meeting.pk])
    assert _errors(client, office, url, ["item", "person", "description"]) == {
        "item": "Choose the item the interest was declared on.",
        "person": "Choose the person who declared it.",
        "description": "Say what interest was declared.",
    }


def test_an_empty_interest_says_what_to_enter(client, office, system, in_scope):
    url = reverse("governance:interest-create", args=[system.slug])
    fields = ["person", "organisation_name", "description", "declared_on"]
    assert _errors(client, office, url, fields) == {
        "person": "Choose the person whose interest it is.",
        "organisation_name": "Enter the organisation the interest concerns.",
        "description": "Describe the interest, for example shareholder.",
        "declared_on": "Enter the date it was declared.",
    }
