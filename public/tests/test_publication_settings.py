"""The programme office chooses what its system publishes; the history keeps each choice."""

import pytest
from django.urls import reverse

from core.roles import Role
from core.scoping import unscoped
from governance.models import Publication
from public.services import publication_choose
from tests.permissions.roles import all_but

pytestmark = pytest.mark.django_db


def settings_url(system):
    return reverse("public:publication-edit", args=[system.slug])


def test_the_dashboard_links_the_office_to_the_settings(client, system, office):
    client.force_login(office)
    body = client.get(reverse("reports:dashboard", args=[system.slug])).content.decode()
    assert settings_url(system) in body


@pytest.mark.parametrize("role", all_but(Role.PROGRAMME_OFFICE))
def test_only_the_programme_office_chooses(client_for, system, role):
    client = client_for(role)
    assert client.get(settings_url(system)).status_code == 403
    assert client.post(settings_url(system), {"sections": ["meetings"]}).status_code == 403
    with unscoped():
        assert not Publication.objects.filter(system=system).exists()


def test_nothing_is_published_until_chosen_then_what_is_chosen(client, system, office):
    client.force_login(office)
    page = client.get(settings_url(system)).content.decode()
    assert "Nothing is published yet." in page
    response = client.post(
        settings_url(system), {"sections": ["meetings", "minutes"], "reason": "Board, May 2019"}
    )
    assert response.status_code == 302
    with unscoped():
        publication = Publication.objects.get(system=system)
    assert (publication.meetings, publication.minutes) == (True, True)
    assert not (publication.committees or publication.interests or publication.reports)
    client.logout()
    assert client.get(f"/public/{system.slug}/meetings/").status_code == 200
    assert client.get(f"/public/{system.slug}/committees/").status_code == 404


def test_each_choice_is_kept_in_the_history_with_who_and_why(client, system, office):
    with unscoped():
        publication_choose(actor=office, system=system, sections=["reports"], reason="First")
        publication_choose(actor=office, system=system, sections=[], reason="Paused")
        history = list(Publication.objects.get(system=system).history.order_by("history_date"))
    assert [(h.reports, h.history_change_reason, h.history_user) for h in history] == [
        (True, "First", office),
        (False, "Paused", office),
    ]
    client.force_login(office)
    page = client.get(settings_url(system)).content.decode()
    assert "Paused" in page and "Nothing is published yet." in page


def test_an_unknown_section_is_refused_and_nothing_saved(client, system, office):
    with unscoped(), pytest.raises(TypeError, match="everything"):
        publication_choose(actor=office, system=system, sections=["everything"])
    client.force_login(office)
    response = client.post(settings_url(system), {"sections": ["everything"]})
    assert response.status_code == 200
    assert "Choose one of the options offered" in response.content.decode()
    with unscoped():
        assert not Publication.objects.filter(system=system).exists()


def test_the_other_systems_office_cannot_reach_the_settings(client, system, outsider):
    client.force_login(outsider)
    assert client.get(settings_url(system)).status_code == 404
