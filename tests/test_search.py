"""Search over the seed systems: a seed milestone is found by a word of its title, on
PostgreSQL's full-text search and on the plain fallback, within what the user may see, ranked,
paged, in two queries whatever the number of kinds."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import search
from milestones.models import Milestone
from partners.models import System

# Each engine: PostgreSQL's full-text search where the suite runs on it, the fallback always.
ENGINES = [
    pytest.param(
        True,
        id="full-text",
        marks=pytest.mark.skipif(
            connection.vendor != "postgresql", reason="PostgreSQL's full-text search needs it"
        ),
    ),
    pytest.param(False, id="fallback"),
]


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _a_seed_milestone(slug: str) -> tuple[Milestone, str]:
    """A seed milestone of the system and the longest word of its title."""
    milestone = (
        Milestone.objects.filter(workstream__plan__system__slug=slug, withdrawn_on__isnull=True)
        .select_related("workstream__plan__system")
        .order_by("pk")
        .first()
    )
    word = max(re.findall(r"[A-Za-z]+", milestone.title), key=len)
    return milestone, word


@pytest.mark.parametrize("full_text", ENGINES)
def test_a_seed_milestone_is_found_by_a_word_of_its_title(seeds, full_text):
    milestone, word = _a_seed_milestone("cumbria")
    rows = search.search(_user("programme.office"), word, full_text=full_text)
    found = {(row[0], row[1]) for row in rows}
    assert ("milestone", milestone.pk) in found
    hit = next(h for h in search.hits(rows) if h.kind.slug == "milestone" and h.pk == milestone.pk)
    assert hit.system_name == milestone.workstream.plan.system.short_name
    assert hit.url == reverse("milestones:milestone-detail", args=["cumbria", milestone.pk])


@pytest.mark.parametrize("full_text", ENGINES)
def test_the_whole_title_ranks_its_milestone_first(seeds, full_text):
    milestone, _ = _a_seed_milestone("norfolk-waveney")
    rows = list(search.search(_user("programme.office"), milestone.title, full_text=full_text))
    assert rows[0][:2] == ("milestone", milestone.pk)
    ranks = [row[-1] for row in rows]
    assert ranks == sorted(ranks, reverse=True)


@pytest.mark.parametrize("full_text", ENGINES)
def test_a_region_regulator_finds_nothing_of_another_region(seeds, full_text):
    milestone, word = _a_seed_milestone("cumbria")  # North West: not the East's regulator's
    everyone = search.search(_user("regulator"), word, full_text=full_text)
    assert ("milestone", milestone.pk) in {(row[0], row[1]) for row in everyone}
    east = _user("regulator.east")
    theirs = set(System.objects.filter(accesses__user=east).values_list("slug", flat=True))
    rows = list(search.search(east, word, full_text=full_text))
    assert {row[4] for row in rows} <= theirs
    assert "cumbria" not in {row[4] for row in rows}


def test_the_page_shows_each_hit_with_its_kind_system_and_link(client, seeds):
    milestone, _ = _a_seed_milestone("cumbria")
    client.force_login(_user("programme.office"))
    response = client.get(reverse("search:everywhere"), {"q": milestone.title})
    assert response.status_code == 200
    body = response.content.decode()
    link = reverse("milestones:milestone-detail", args=["cumbria", milestone.pk])
    assert f'href="{link}"' in body
    hit = next(
        h for h in response.context["hits"] if (h.kind.slug, h.pk) == ("milestone", milestone.pk)
    )
    assert (hit.kind.label, hit.system_name) == (
        "Milestone",
        milestone.workstream.plan.system.short_name,
    )
    assert ">Milestone</strong>" in body


def test_one_systems_search_shows_only_that_system(client, seeds):
    _, word = _a_seed_milestone("cumbria")
    client.force_login(_user("programme.office"))
    response = client.get(reverse("search:system", args=["west-norfolk"]), {"q": word})
    assert response.status_code == 200
    assert {hit.system_slug for hit in response.context["hits"]} <= {"west-norfolk"}
    everywhere = client.get(reverse("search:everywhere"), {"q": word})
    assert "cumbria" in {hit.system_slug for hit in everywhere.context["hits"]}


def test_a_kind_narrows_the_results(client, seeds):
    _, word = _a_seed_milestone("cumbria")
    client.force_login(_user("programme.office"))
    response = client.get(reverse("search:everywhere"), {"q": word, "kind": "milestone"})
    assert {hit.kind.slug for hit in response.context["hits"]} == {"milestone"}


def test_a_page_of_results_is_two_queries_whatever_the_kinds(seeds):
    # The count, then the page: one UNION of every kind's part, each scoped to the user.
    rows = search.search(_user("programme.office"), "care")
    with CaptureQueriesContext(connection) as queries:
        total = rows.count()
        page = list(rows[:20])
    assert len(queries) == 2
    assert total > 20 and len(page) == 20
    assert all(" UNION " in query["sql"].upper() for query in queries)


def test_the_search_page_costs_the_same_queries_for_few_and_many_hits(
    client, seeds, django_assert_max_num_queries
):
    client.force_login(_user("programme.office"))
    url = reverse("search:system", args=["norfolk-waveney"])
    milestone, _ = _a_seed_milestone("norfolk-waveney")
    client.get(url)  # the first visit to a system remembers it in the session
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"q": f'"{milestone.title}"'})
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"q": "care"})
    assert len(few.captured_queries) == len(many.captured_queries)
    assert response.context["page"].paginator.count > 20
    # The session, the user, their accesses, the system, the header's systems, then the count
    # and the page of results.
    with django_assert_max_num_queries(7):
        client.get(url, {"q": "care", "page": "2"})


def test_no_words_explain_the_page_instead_of_searching(client, seeds):
    client.force_login(_user("chair"))
    response = client.get(reverse("search:everywhere"), {"q": "   "})
    assert response.status_code == 200
    assert "hits" not in response.context
    assert "Enter one or more words" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [{"kind": "nothing"}, {"q": "x" * 201}, {"page": "two"}, {"q": "a\x00b"}, {"page": "-1"}],
)
def test_a_bad_parameter_is_a_400_naming_it(client, seeds, query):
    client.force_login(_user("chair"))
    response = client.get(reverse("search:everywhere"), {"q": "care", **query})
    assert response.status_code == 400
    assert next(iter(query)) in response.content.decode()


@pytest.mark.parametrize(
    "text", ['"unclosed', "-", "or or", "!!!", "the", "'; drop table", "a & b | !c", "日本語"]
)
def test_odd_words_never_fail(client, seeds, text):
    client.force_login(_user("chair"))
    response = client.get(reverse("search:everywhere"), {"q": text})
    assert response.status_code == 200


def test_the_header_search_box_is_on_every_page_and_searches_its_system(client, seeds):
    client.force_login(_user("chair"))
    dashboard = client.get(reverse("reports:dashboard", args=["cumbria"])).content.decode()
    assert f'action="{reverse("search:system", args=["cumbria"])}"' in dashboard
    assert 'id="search-field"' in dashboard
    tasks = client.get(reverse("reminders:my-tasks")).content.decode()
    assert f'action="{reverse("search:everywhere")}"' in tasks


def test_a_systems_search_says_nothing_of_a_reporting_date(client, seeds):
    # Cumbria opens as at its seed paper's date; search finds records as they stand.
    client.force_login(_user("chair"))
    response = client.get(reverse("search:system", args=["cumbria"]), {"q": "care"})
    assert "Showing as at" not in response.content.decode()
