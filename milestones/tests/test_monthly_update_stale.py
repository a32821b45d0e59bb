"""The monthly update page opened before someone else recorded an update: a row left as it was
does not write their change over, and a row changed is refused, naming them, until sent again."""

from datetime import timedelta

import pytest

from core.scoping import scope
from milestones import services
from milestones.models import ProgressUpdate
from milestones.tests.page_helpers import TODAY, reload, url
from tests.form_html import form_with

pytestmark = pytest.mark.django_db
MONTH = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)


@pytest.fixture
def opened(client, office, system, milestone, partner_milestone):
    """The programme office's page as it was opened (every milestone), before the lead
    records the month's update of their organisation's milestone with a later forecast."""
    client.force_login(office)
    page = client.get(url(system, "monthly-update"), {"whose": "all"})
    data = form_with(page, f"m{milestone.pk}-narrative")
    return data


def _lead_records(lead, system, milestone):
    with scope([system]):
        services.progress_update_record(
            actor=lead,
            milestone=milestone,
            month=MONTH,
            narrative="Second consultant starts in March.",
            forecast_on=milestone.baseline_on + timedelta(days=14),
        )
    return milestone.baseline_on + timedelta(days=14)


def _narratives(system):
    with scope([system]):
        return dict(ProgressUpdate.objects.values_list("milestone_id", "narrative"))


def test_a_row_left_as_it_was_keeps_the_update_recorded_since(
    client, lead, system, milestone, partner_milestone, opened
):
    forecast = _lead_records(lead, system, milestone)
    opened[f"m{partner_milestone.pk}-narrative"] = "Discharge hub recruited."
    response = client.post(url(system, "monthly-update") + "?whose=all", opened, follow=True)
    assert f"1 update for {MONTH:%B %Y} recorded." in response.content.decode()
    assert reload(milestone).forecast_on == forecast
    assert _narratives(system) == {
        milestone.pk: "Second consultant starts in March.",
        partner_milestone.pk: "Discharge hub recruited.",
    }


def test_a_row_changed_since_is_refused_naming_who_then_saved_when_sent_again(
    client, lead, system, milestone, partner_milestone, opened
):
    forecast = _lead_records(lead, system, milestone)
    opened[f"m{milestone.pk}-narrative"] = "Recruitment on track."
    opened[f"m{partner_milestone.pk}-narrative"] = "Discharge hub recruited."
    page = url(system, "monthly-update") + "?whose=all"
    refused = client.post(page, opened)
    html = refused.content.decode()
    assert refused.status_code == 200 and "Nothing has been saved" in html
    who = lead.get_full_name() or lead.get_username()
    assert f"changed by {who}" in html
    assert "Second consultant starts in March." in html
    # Nothing of the page was saved: the lead's update stands, the partner's row waits.
    assert reload(milestone).forecast_on == forecast
    assert _narratives(system) == {milestone.pk: "Second consultant starts in March."}
    # The page as re-shown keeps what was typed; sent again, it replaces the lead's knowingly.
    again = form_with(refused, f"m{milestone.pk}-narrative")
    assert again[f"m{milestone.pk}-narrative"] == "Recruitment on track."
    saved = client.post(page, again, follow=True)
    assert f"2 updates for {MONTH:%B %Y} recorded." in saved.content.decode()
    assert _narratives(system) == {
        milestone.pk: "Recruitment on track.",
        partner_milestone.pk: "Discharge hub recruited.",
    }


def test_an_unchanged_page_sent_again_records_nothing(client, system, milestone, opened):
    response = client.post(url(system, "monthly-update") + "?whose=all", opened, follow=True)
    assert f"0 updates for {MONTH:%B %Y} recorded." in response.content.decode()
    assert _narratives(system) == {}


def test_one_save_reports_every_row_s_problem(client, office, system, milestone, partner_milestone):
    """A bad date on one row and a changed date without a narrative on another are both said
    on the first save, not the second after the first is mended."""
    client.force_login(office)
    data = {
        "milestone": [milestone.pk, partner_milestone.pk],
        f"m{milestone.pk}-narrative": "Slipped.",
        f"m{milestone.pk}-forecast_on": "next week",
        f"m{partner_milestone.pk}-narrative": "",
        f"m{partner_milestone.pk}-forecast_on": (
            partner_milestone.baseline_on + timedelta(days=5)
        ).isoformat(),
    }
    page = client.post(url(system, "monthly-update"), data).content.decode()
    assert f'id="id_m{milestone.pk}-forecast_on-error"' in page
    narrative = page.split(f'id="id_m{partner_milestone.pk}-narrative-error"')[1][:200]
    assert "Say what has happened this month." in narrative
    assert _narratives(system) == {}
    assert reload(partner_milestone).forecast_on is None


def test_whose_milestones_shows_the_choice_the_page_made(client, office, system, milestone):
    """The programme office is responsible for none: the page lists everyone's, and says so."""
    client.force_login(office)
    for params in ({}, {"workstream": ""}):
        form = client.get(url(system, "monthly-update"), params).context["filter_form"]
        assert form["whose"].value() == "all"
