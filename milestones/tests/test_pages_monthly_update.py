"""The monthly update page: who updates which milestones, what turns them amber or red, and
what is refused."""

from datetime import timedelta

import pytest

from core.scoping import scope
from milestones import services
from milestones.models import ProgressUpdate
from milestones.tests.page_helpers import TODAY, monthly_post, reload, url

pytestmark = pytest.mark.django_db
# The month reported on unless another is chosen: the month just ended.
MONTH = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)


# Monthly update --------------------------------------------------------------------------------


def test_lead_sees_only_their_organisations_milestones(
    client, lead, system, milestone, partner_milestone
):
    client.force_login(lead)
    page = client.get(url(system, "monthly-update")).content.decode()
    assert milestone.title in page
    assert partner_milestone.title not in page
    assert f'name="m{milestone.pk}-narrative"' in page


def test_lead_update_moves_a_milestone_from_green_to_amber_on_the_list(
    client, lead, system, milestone, partner_milestone
):
    client.force_login(lead)
    list_url = url(system, "milestone-list")
    assert milestone.title in client.get(list_url, {"rag": "green"}).content.decode()
    assert milestone.title not in client.get(list_url, {"rag": "amber"}).content.decode()

    slipped = milestone.baseline_on + timedelta(days=14)  # within the 30 days' tolerance
    data = monthly_post(
        milestone,
        **{
            f"m{milestone.pk}": {
                "narrative": "Recruitment of the second consultant has slipped.",
                "forecast_on": slipped.isoformat(),
                "completed_on": "",
            }
        },
    )
    response = client.post(url(system, "monthly-update"), data, follow=True)
    assert f"1 update for {MONTH:%B %Y} recorded." in response.content.decode()

    amber = client.get(list_url, {"rag": "amber"}).content.decode()
    assert milestone.title in amber
    assert milestone.title not in client.get(list_url, {"rag": "green"}).content.decode()
    detail = client.get(url(system, "milestone-detail", pk=milestone.pk)).content.decode()
    assert "app-rag--amber" in detail.split("RAG status")[1][:200]
    with scope([system]):
        update = ProgressUpdate.objects.get()
        assert update.history.first().history_user == lead
    assert (update.month, update.forecast_on, update.rag) == (MONTH, slipped, "amber")
    assert reload(milestone).history.first().history_user == lead


def test_an_update_beyond_tolerance_turns_red(client, lead, system, milestone):
    client.force_login(lead)
    data = monthly_post(
        milestone,
        **{
            f"m{milestone.pk}": {
                "narrative": "Estates work delayed a quarter.",
                "forecast_on": (milestone.baseline_on + timedelta(days=90)).isoformat(),
            }
        },
    )
    client.post(url(system, "monthly-update"), data)
    red = client.get(url(system, "milestone-list"), {"rag": "red"}).content.decode()
    assert milestone.title in red


def test_this_months_update_is_shown_prefilled(client, lead, system, milestone):
    with scope([system]):
        services.progress_update_record(
            actor=lead, milestone=milestone, month=MONTH, narrative="Business case approved."
        )
    client.force_login(lead)
    page = client.get(url(system, "monthly-update")).content.decode()
    textarea = page.split(f'name="m{milestone.pk}-narrative"')[1].split("</textarea>")[0]
    assert "Business case approved." in textarea


def test_unchanged_rows_are_not_recorded_again(client, lead, system, milestone):
    with scope([system]):
        services.progress_update_record(
            actor=lead, milestone=milestone, month=MONTH, narrative="Business case approved."
        )
    client.force_login(lead)
    data = monthly_post(
        milestone,
        **{
            f"m{milestone.pk}": {
                "narrative": "Business case approved.",
                "forecast_on": "",
                "completed_on": "",
            }
        },
    )
    response = client.post(url(system, "monthly-update"), data, follow=True)
    assert f"0 updates for {MONTH:%B %Y} recorded." in response.content.decode()
    with scope([system]):
        assert ProgressUpdate.objects.get().history.count() == 1


def test_lead_cannot_update_another_organisations_milestone(
    client, lead, system, milestone, partner_milestone
):
    client.force_login(lead)
    data = monthly_post(
        milestone,
        partner_milestone,
        **{
            f"m{milestone.pk}": {"narrative": "Ours is fine."},
            f"m{partner_milestone.pk}": {
                "narrative": "Theirs has slipped.",
                "forecast_on": (partner_milestone.baseline_on + timedelta(days=60)).isoformat(),
            },
        },
    )
    assert client.post(url(system, "monthly-update"), data).status_code == 403
    with scope([system]):
        assert not ProgressUpdate.objects.exists()
    assert reload(partner_milestone).forecast_on is None
    assert reload(milestone).forecast_on is None


def test_a_milestone_of_another_system_is_not_found(client, office, system, theirs):
    client.force_login(office)
    data = monthly_post(theirs, **{f"m{theirs.pk}": {"narrative": "x"}})
    assert client.post(url(system, "monthly-update"), data).status_code == 404


def test_one_bad_row_saves_nothing_and_says_which(
    client, office, system, milestone, partner_milestone
):
    client.force_login(office)
    data = monthly_post(
        milestone,
        partner_milestone,
        **{
            f"m{milestone.pk}": {
                "narrative": "Delivered early.",
                "completed_on": (TODAY + timedelta(days=3)).isoformat(),  # in the future
            },
            f"m{partner_milestone.pk}": {
                "narrative": "On track.",
                "forecast_on": (partner_milestone.baseline_on + timedelta(days=5)).isoformat(),
            },
        },
    )
    response = client.post(url(system, "monthly-update"), data)
    assert response.status_code == 200
    page = response.content.decode()
    error = page.split(f'id="id_m{milestone.pk}-completed_on-error"')[1][:200]
    assert "A milestone cannot be completed in the future." in error
    assert "Nothing has been saved" in page
    # What was typed is kept.
    assert "Delivered early." in page
    with scope([system]):
        assert not ProgressUpdate.objects.exists()
    assert reload(partner_milestone).forecast_on is None


def test_a_changed_date_without_a_narrative_is_refused(client, lead, system, milestone):
    client.force_login(lead)
    data = monthly_post(
        milestone,
        **{
            f"m{milestone.pk}": {
                "narrative": "",
                "forecast_on": (milestone.baseline_on + timedelta(days=5)).isoformat(),
            }
        },
    )
    response = client.post(url(system, "monthly-update"), data)
    assert response.status_code == 200
    error = response.content.decode().split(f'id="id_m{milestone.pk}-narrative-error"')[1]
    assert "Say what has happened this month." in error[:200]
    assert reload(milestone).forecast_on is None


def test_a_bad_date_is_shown_next_to_the_field(client, lead, system, milestone):
    client.force_login(lead)
    data = monthly_post(
        milestone, **{f"m{milestone.pk}": {"narrative": "x", "forecast_on": "next week"}}
    )
    response = client.post(url(system, "monthly-update"), data)
    assert response.status_code == 200
    assert f'id="id_m{milestone.pk}-forecast_on-error"' in response.content.decode()
    with scope([system]):
        assert not ProgressUpdate.objects.exists()


def test_completing_a_milestone_shows_it_complete(client, lead, system, milestone):
    client.force_login(lead)
    data = monthly_post(
        milestone,
        **{f"m{milestone.pk}": {"narrative": "Done.", "completed_on": TODAY.isoformat()}},
    )
    client.post(url(system, "monthly-update"), data)
    page = client.get(url(system, "milestone-list"), {"rag": "complete"}).content.decode()
    assert milestone.title in page


def test_office_updates_any_milestone_and_filters_by_organisation(
    client, office, system, milestone, partner_milestone, partner
):
    client.force_login(office)
    page = client.get(url(system, "monthly-update"), {"organisation": partner.pk})
    assert partner_milestone.title in page.content.decode()
    assert milestone.title not in page.content.decode()
    data = monthly_post(partner_milestone, **{f"m{partner_milestone.pk}": {"narrative": "Fine."}})
    response = client.post(f"{url(system, 'monthly-update')}?organisation={partner.pk}", data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?organisation={partner.pk}")
    with scope([system]):
        assert ProgressUpdate.objects.get().reported_by == office
