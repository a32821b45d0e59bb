"""Nothing confidential is ever reachable from the public pages, whoever asks (every role, the
outsider and the signed out), by following links or by guessing an address: a confidential
paper on a public item, every paper of a confidential item, a withdrawn paper, an earlier
version a later one replaced, draft minutes and a report draft are 404; pages never name them."""

import pytest

from core.roles import Role
from public.tests.conftest import NEVER

pytestmark = pytest.mark.django_db

WHO = ("anonymous", *Role, "outsider")
HIDDEN_PAPERS = ("secret_paper", "secret_item_paper", "withdrawn", "old")


@pytest.fixture
def asker(request, client, client_for):
    def ask(who):
        return client if who == "anonymous" else client_for(who)

    return ask


def _pages(published) -> list[str]:
    slug = published.system.slug
    return [
        f"/public/{slug}/",
        f"/public/{slug}/committees/",
        f"/public/{slug}/meetings/",
        f"/public/{slug}/meetings/{published.meeting.pk}/",
        f"/public/{slug}/meetings/{published.later.pk}/",
        f"/public/{slug}/minutes/",
        f"/public/{slug}/meetings/{published.meeting.pk}/minutes/",
        f"/public/{slug}/interests/",
        f"/public/{slug}/reports/",
        "/sitemap.xml",
    ]


@pytest.mark.parametrize("who", WHO)
def test_no_confidential_record_is_served_by_its_address(asker, published, who):
    client = asker(who)
    slug = published.system.slug
    for name in HIDDEN_PAPERS:
        paper = getattr(published, name)
        assert client.get(f"/public/{slug}/papers/{paper.pk}/").status_code == 404, name
        assert client.get(f"/public/{slug}/papers/{paper.pk}").status_code in (301, 404), name
    for meeting in (published.later, published.cancelled):  # draft minutes; cancelled
        assert client.get(f"/public/{slug}/meetings/{meeting.pk}/minutes/").status_code == 404
    assert client.get(f"/public/{slug}/reports/{published.draft_report.pk}/pdf/").status_code == 404
    # Items have no page of their own: an item's id in a meeting's place is not a meeting.
    secret = published.secret_item.pk
    assert client.get(f"/public/{slug}/meetings/{secret}/").status_code in (200, 404)
    assert (
        NEVER["confidential_item"]
        not in client.get(f"/public/{slug}/meetings/{secret}/").content.decode()
    )


@pytest.mark.parametrize("who", WHO)
def test_no_public_page_names_a_confidential_record(asker, published, who):
    client = asker(who)
    for address in _pages(published):
        response = client.get(address)
        assert response.status_code == 200, address
        body = response.content.decode()
        for key, words in NEVER.items():
            assert words not in body, f"{address} shows {key}"
        for name in HIDDEN_PAPERS:
            paper = getattr(published, name)
            assert f"/papers/{paper.pk}/" not in body, f"{address} links to {name}"
