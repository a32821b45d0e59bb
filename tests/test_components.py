"""The page components (core.components and the core_components tags): escaping, empty values,
change links, breadcrumbs with the current page, and aria-current in the header."""

from datetime import date
from xml.etree import ElementTree

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from core.components import EMPTY, summary_rows
from reports.charts import finance_bars_svg, rag_bar_svg
from tests import factories

HOSTILE = "<script>alert(1)</script>"


def render(source: str, **context) -> str:
    return Template("{% load core_components %}" + source).render(Context(context))


def test_summary_list_escapes_labels_and_values():
    html = render(
        "{% summary_list %}{% row label value %}{% endsummary_list %}", label=HOSTILE, value=HOSTILE
    )
    assert "<script>" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2
    assert 'class="nhsuk-summary-list__key"' in html


def test_a_row_body_is_the_value_and_is_escaped_like_any_template():
    html = render(
        '{% summary_list %}{% row "Owner" %}<a href="/x">{{ name }}</a>{% endrow %}'
        "{% endsummary_list %}",
        name=HOSTILE,
    )
    assert '<a href="/x">&lt;script&gt;' in html


@pytest.mark.parametrize("value", [None, "", "  ", []])
def test_nothing_recorded_reads_the_same_everywhere(value):
    html = render('{% summary_list %}{% row "Gateway" value %}{% endsummary_list %}', value=value)
    assert f'<dd class="nhsuk-summary-list__value">{EMPTY}</dd>' in html


def test_a_page_may_name_its_own_empty_wording_for_values_and_bodies():
    html = render(
        '{% summary_list %}{% row "Completed" value empty="Not yet" %}'
        '{% row "Depends on" empty="Nothing" %}{% if items %}x{% endif %}{% endrow %}'
        "{% endsummary_list %}",
        value=None,
        items=[],
    )
    assert ">Not yet</dd>" in html and ">Nothing</dd>" in html


def test_dates_are_written_out_and_zero_is_not_empty():
    html = render(
        '{% summary_list %}{% row "Baseline" day %}{% row "Score" zero %}{% endsummary_list %}',
        day=date(2020, 3, 31),
        zero=0,
    )
    assert ">31 March 2020</dd>" in html and ">0</dd>" in html


def test_rows_inside_conditions_and_loops_join_the_list():
    html = render(
        "{% summary_list %}{% for k in keys %}{% row k k %}{% endfor %}"
        '{% if False %}{% row "Hidden" "x" %}{% endif %}{% endsummary_list %}',
        keys=["A", "B"],
    )
    assert html.count("nhsuk-summary-list__row") == 2 and "Hidden" not in html


def test_a_change_link_names_what_it_changes_for_screen_readers():
    html = render(
        '{% summary_list %}{% row "Baseline date" day change_url=url change_label="Re-baseline"'
        ' change_hidden="this milestone" %}{% endsummary_list %}',
        day=date(2020, 3, 31),
        url="/m/1/#rebaseline",
    )
    assert (
        '<dd class="nhsuk-summary-list__actions"><a href="/m/1/#rebaseline">Re-baseline'
        '<span class="nhsuk-u-visually-hidden"> this milestone</span></a></dd>'
    ) in html


def test_a_row_outside_a_summary_list_is_an_error():
    with pytest.raises(TemplateSyntaxError):
        render('{% row "A" "b" %}')


def test_a_view_declares_rows_and_the_same_template_draws_them():
    rows = summary_rows([("Baseline date", date(2020, 3, 31)), ("Gateway", None), (HOSTILE, 1)])
    html = render_to_string("components/summary_list.html", {"rows": rows})
    assert ">31 March 2020</dd>" in html and f">{EMPTY}</dd>" in html
    assert "<script>" not in html


@pytest.mark.django_db
def test_breadcrumbs_end_with_the_current_page(system):
    html = render(
        '{% breadcrumbs %}{% crumb system.short_name "reports:dashboard" system.slug %}'
        '{% crumb "Milestones" "milestones:milestone-list" system.slug %}{% crumb title %}'
        "{% endbreadcrumbs %}",
        system=system,
        title=HOSTILE,
    )
    root = ElementTree.fromstring(html)
    items = root.findall("./ol/li")
    assert [li.find("a").get("href") for li in items[:2]] == [
        reverse("reports:dashboard", args=[system.slug]),
        reverse("milestones:milestone-list", args=[system.slug]),
    ]
    current = items[-1].find("span")
    assert items[-1].find("a") is None
    assert current.get("aria-current") == "page" and current.text == HOSTILE  # escaped, parsed
    # Below tablet width NHS.UK shows a back link to the last page with a link.
    back = root.find("./a[@class='nhsuk-back-link']")
    assert back.get("href") == reverse("milestones:milestone-list", args=[system.slug])


@pytest.mark.django_db
def test_header_marks_the_current_page_and_its_section(client, office, system):
    plan = factories.PlanFactory(system=system)
    milestone = factories.MilestoneFactory(workstream=factories.WorkstreamFactory(plan=plan))
    client.force_login(office)
    milestones = reverse("milestones:milestone-list", args=[system.slug])
    dashboard = reverse("reports:dashboard", args=[system.slug])

    page = client.get(milestones).content.decode()
    assert f'href="{milestones}" aria-current="page"' in page
    assert f'href="{dashboard}" aria-current' not in page
    assert page.count("aria-current=") == 2  # the header item and the breadcrumb

    page = client.get(reverse("milestones:milestone-detail", args=[system.slug, milestone.pk]))
    page = page.content.decode()
    assert f'href="{milestones}" aria-current="true"' in page
    assert page.count('aria-current="page"') == 1  # the breadcrumb's current page


def test_nav_item_without_a_request_marks_nothing(rf: RequestFactory):
    html = render('{% nav_item "Home" "reports:home" %}')
    assert "aria-current" not in html and 'href="/"' in html


def test_charts_escape_every_text_by_construction():
    svg = finance_bars_svg([(HOSTILE, "1", "2")], title=HOSTILE, plan_label=HOSTILE)
    root = ElementTree.fromstring(svg)  # still well-formed: nothing injected
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title").text == HOSTILE
    assert HOSTILE in [t.text for t in root.iter(f"{ns}text")]
    assert "<script>" not in svg
    assert rag_bar_svg({"red": 1}).startswith("<svg")


@pytest.mark.django_db
def test_breadcrumbs_keep_a_chosen_reporting_date(client, office, system):
    """A record opened as at a chosen date links back to its list as at that date, as the
    header's links do (the list would otherwise open at the system's own date)."""
    plan = factories.PlanFactory(system=system)
    milestone = factories.MilestoneFactory(workstream=factories.WorkstreamFactory(plan=plan))
    client.force_login(office)
    milestones = reverse("milestones:milestone-list", args=[system.slug])
    detail = reverse("milestones:milestone-detail", args=[system.slug, milestone.pk])
    root = ElementTree.fromstring(breadcrumbs_of(client, detail))
    hrefs = [a.get("href") for a in root.iter("a")]
    assert f"{milestones}?as_at=2019-06-01" in hrefs
    assert all("as_at=2019-06-01" in href for href in hrefs)
    # Without a chosen date the links are plain.
    assert f'href="{milestones}"' in client.get(detail).content.decode()


def breadcrumbs_of(client, detail: str) -> str:
    """The breadcrumbs (their <nav>) of the page as at 1 June 2019."""
    page = client.get(detail, {"as_at": "2019-06-01"}).content.decode()
    start = page.index('<nav class="nhsuk-breadcrumb"')
    return page[start : page.index("</nav>", start) + len("</nav>")]
