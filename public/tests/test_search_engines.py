"""Search engines find the published pages through robots.txt and the sitemap, and nothing
else."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_robots_txt_allows_the_public_pages_only_and_names_the_sitemap(client, published):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Allow: /public/" in body and "Disallow: /\n" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_the_sitemap_lists_published_pages_only(client, published):
    body = client.get("/sitemap.xml").content.decode()
    slug = published.system.slug
    for address in (
        f"/public/{slug}/",
        f"/public/{slug}/committees/",
        f"/public/{slug}/meetings/{published.meeting.pk}/",
        f"/public/{slug}/meetings/{published.meeting.pk}/minutes/",
        f"/public/{published.other_system.slug}/meetings/{published.other_meeting.pk}/",
    ):
        assert f"<loc>http://testserver{address}</loc>" in body, address
    for address in (
        f"/public/{slug}/meetings/{published.cancelled.pk}/",
        f"/public/{slug}/meetings/{published.later.pk}/minutes/",  # a draft
        f"/public/{published.other_system.slug}/committees/",  # not chosen there
        "/s/",
    ):
        assert f"http://testserver{address}<" not in body, address


def test_every_page_in_the_sitemap_answers(client, published):
    import re

    body = client.get("/sitemap.xml").content.decode()
    addresses = re.findall(r"<loc>http://testserver([^<]+)</loc>", body)
    assert len(addresses) > 8
    for address in addresses:
        assert client.get(address).status_code == 200, address


def test_a_system_publishing_nothing_is_not_in_the_sitemap(client, system):
    body = client.get(reverse("public:sitemap")).content.decode()
    assert f"/public/{system.slug}/" not in body
