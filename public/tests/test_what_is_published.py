"""Only what the system chose: nothing until it is chosen, 404 for a section not chosen and for
a system that publishes nothing; one system's records never through another's address."""

import pytest
from django.urls import reverse

from core.scoping import unscoped
from governance.models import Publication
from public.querysets import SECTIONS

pytestmark = pytest.mark.django_db

SECTION_PAGES = {
    "committees": "committee-list",
    "meetings": "meeting-list",
    "minutes": "minutes-list",
    "interests": "interest-list",
    "reports": "report-list",
}


def test_a_system_that_never_chose_publishes_nothing(client, system):
    assert client.get(reverse("public:home", args=[system.slug])).status_code == 404
    for name in SECTION_PAGES.values():
        assert client.get(reverse(f"public:{name}", args=[system.slug])).status_code == 404


def test_an_unknown_slug_is_not_found(client, published):
    assert client.get("/public/no-such-system/").status_code == 404


@pytest.mark.parametrize("section", SECTIONS)
def test_a_section_not_chosen_is_not_found(client, published, section):
    with unscoped():
        Publication.objects.filter(system=published.system).update(**{section: False})
    address = reverse(f"public:{SECTION_PAGES[section]}", args=[published.system.slug])
    assert client.get(address).status_code == 404
    home = client.get(reverse("public:home", args=[published.system.slug])).content.decode()
    assert address not in home


def test_a_system_that_switched_everything_off_is_not_found(client, published):
    with unscoped():
        Publication.objects.filter(system=published.system).update(**dict.fromkeys(SECTIONS, False))
    assert client.get(reverse("public:home", args=[published.system.slug])).status_code == 404


def test_another_systems_records_are_not_found_through_this_systems_address(client, published):
    slug = published.system.slug
    assert client.get(f"/public/{slug}/meetings/{published.other_meeting.pk}/").status_code == 404
    assert client.get(f"/public/{slug}/papers/{published.other_paper.pk}/").status_code == 404
    # ...and are found under their own system's address, which publishes meetings.
    other = published.other_system.slug
    assert client.get(f"/public/{other}/papers/{published.other_paper.pk}/").status_code == 200


def test_papers_and_pages_need_their_section(client, published):
    with unscoped():
        Publication.objects.filter(system=published.system).update(meetings=False, reports=False)
    slug = published.system.slug
    assert client.get(f"/public/{slug}/papers/{published.public.pk}/").status_code == 404
    assert client.get(f"/public/{slug}/reports/{published.report.pk}/pdf/").status_code == 404
    # The minutes stay published on their own, without a link to the unpublished meeting page.
    page = client.get(f"/public/{slug}/meetings/{published.meeting.pk}/minutes/")
    assert page.status_code == 200
    assert f'/public/{slug}/meetings/{published.meeting.pk}/"' not in page.content.decode()


def test_a_signed_out_answer_may_be_kept_only_if_checked_again(client, published):
    response = client.get(reverse("public:meeting-list", args=[published.system.slug]))
    assert "public" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
    paper = client.get(f"/public/{published.system.slug}/papers/{published.public.pk}/")
    assert "no-cache" in paper["Cache-Control"]


def test_a_signed_in_answer_is_not_kept_and_is_the_same_page(client, published, office):
    address = reverse("public:meeting-detail", args=[published.system.slug, published.meeting.pk])
    anonymous = client.get(address).content
    client.force_login(office)
    response = client.get(address)
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert response.content == anonymous  # nothing on it depends on who asks
