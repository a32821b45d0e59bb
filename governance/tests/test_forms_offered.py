"""The governance detail pages offer the forms to the programme office only."""

import pytest
from django.urls import reverse

from governance.tests.form_helpers import REFUSED

pytestmark = pytest.mark.django_db


def _detail_pages(w) -> dict[str, list[str]]:
    """Each page that links to the forms, and the form URLs it offers the programme office."""
    s = w.system.slug

    def form(name, *args):
        return reverse(f"governance:{name}", args=[s, *args])

    return {
        reverse("governance:committee-list", args=[s]): [form("committee-create")],
        reverse("governance:committee-detail", args=[s, w.pag.pk]): [
            form("committee-edit", w.pag.pk),
            form("terms-create", w.pag.pk),
            form("membership-create", w.pag.pk),
        ],
        reverse("governance:meeting-detail", args=[s, w.meeting.pk]): [
            form("decision-create", w.meeting.pk),
            form("action-create", w.meeting.pk),
            form("action-complete", w.action.pk),
        ],
        reverse("governance:agreement-list", args=[s]): [form("agreement-create")],
        reverse("governance:agreement-detail", args=[s, w.mou.pk]): [
            form("agreement-edit", w.mou.pk),
            form("party-create", w.mou.pk),
            form("party-sign", w.party.pk),
            form("commitment-create", w.mou.pk),
            form("version-create", w.mou.pk),
        ],
    }


def test_programme_office_is_offered_every_form(client, office, world):
    client.force_login(office)
    for page, forms in _detail_pages(world).items():
        html = client.get(page).content.decode()
        for url in forms:
            assert f'"{url}"' in html, (page, url)


@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_are_offered_no_form(client_for, world, role):
    client = client_for(role)
    for page, forms in _detail_pages(world).items():
        html = client.get(page).content.decode()
        for url in forms:
            assert url not in html, (page, url)
        assert "Mark done" not in html and "Add a" not in html


def test_mark_done_from_the_meeting_page(client, office, world):
    client.force_login(office)
    meeting_url = reverse("governance:meeting-detail", args=["alpha", world.meeting.pk])
    page = client.get(meeting_url).content.decode()
    assert "Mark done" in page
    # The NHS.UK date input, one set of boxes a row, posted as the date's parts.
    key = f"completed_on-{world.action.pk}"
    for part in ("day", "month", "year"):
        assert f'id="{key}_{part}"' in page and f'name="completed_on_{part}"' in page
    response = client.post(
        reverse("governance:action-complete", args=["alpha", world.action.pk]),
        {"completed_on_day": "20", "completed_on_month": "2", "completed_on_year": "2018"},
    )
    assert response["Location"] == meeting_url
    html = client.get(meeting_url).content.decode()
    assert "Done, 20 February 2018" in html
    assert reverse("governance:action-complete", args=["alpha", world.action.pk]) not in html
