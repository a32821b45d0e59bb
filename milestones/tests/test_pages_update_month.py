"""The monthly update names the month it reports on, and stores its update under that month:
the month just ended unless another is chosen."""

from datetime import timedelta

import pytest

from core.scoping import scope
from milestones import services
from milestones.models import ProgressUpdate
from milestones.tests.page_helpers import TODAY, monthly_post, url

pytestmark = pytest.mark.django_db
CURRENT = TODAY.replace(day=1)
JUST_ENDED = (CURRENT - timedelta(days=1)).replace(day=1)
EARLIER = (JUST_ENDED - timedelta(days=1)).replace(day=1)


def _heading(page: str) -> str:
    return page.split("<h1")[1].split("</h1>")[0]


def test_the_page_names_the_month_just_ended_and_stores_the_update_under_it(
    client, lead, system, milestone
):
    client.force_login(lead)
    page = client.get(url(system, "monthly-update")).content.decode()
    assert f"Monthly update for {JUST_ENDED:%B %Y}" in _heading(page)
    assert f"{CURRENT:%B %Y}" not in _heading(page)
    data = monthly_post(milestone, **{f"m{milestone.pk}": {"narrative": "Rota agreed."}})
    response = client.post(url(system, "monthly-update"), data, follow=True)
    assert f"1 update for {JUST_ENDED:%B %Y} recorded." in response.content.decode()
    with scope([system]):
        assert ProgressUpdate.objects.get().month == JUST_ENDED


def test_a_chosen_month_is_named_and_its_update_stored_under_it(client, lead, system, milestone):
    client.force_login(lead)
    chosen = {"month": f"{EARLIER:%Y-%m}"}
    page = client.get(url(system, "monthly-update"), chosen).content.decode()
    assert f"Monthly update for {EARLIER:%B %Y}" in _heading(page)
    assert f'<option value="{EARLIER:%Y-%m}" selected>' in page
    data = monthly_post(milestone, **{f"m{milestone.pk}": {"narrative": "Earlier news."}})
    response = client.post(f"{url(system, 'monthly-update')}?month={EARLIER:%Y-%m}", data)
    assert response["Location"].endswith(f"?month={EARLIER:%Y-%m}")
    with scope([system]):
        assert ProgressUpdate.objects.get().month == EARLIER


def test_the_current_month_may_be_chosen_and_says_it_is_not_over(client, lead, system, milestone):
    client.force_login(lead)
    page = client.get(url(system, "monthly-update"), {"month": f"{CURRENT:%Y-%m}"})
    text = page.content.decode()
    assert f"Monthly update for {CURRENT:%B %Y}" in _heading(text)
    assert "so far, the month not yet ended" in text


def test_only_the_chosen_months_update_is_prefilled(client, lead, system, milestone):
    with scope([system]):
        services.progress_update_record(
            actor=lead, milestone=milestone, month=EARLIER, narrative="Said two months ago."
        )
    client.force_login(lead)
    page = client.get(url(system, "monthly-update")).content.decode()
    assert "Said two months ago." not in page
    page = client.get(url(system, "monthly-update"), {"month": f"{EARLIER:%Y-%m}"})
    assert "Said two months ago." in page.content.decode()


@pytest.mark.parametrize("bad", ["2001-01", "next", f"{CURRENT + timedelta(days=40):%Y-%m}"])
def test_a_month_not_offered_is_reported_and_the_month_just_ended_shown(
    client, lead, system, milestone, bad
):
    client.force_login(lead)
    response = client.get(url(system, "monthly-update"), {"month": bad})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose one of the months offered" in page.split('id="id_month-error"')[1][:200]
    assert f"Monthly update for {JUST_ENDED:%B %Y}" in _heading(page)


def test_the_read_only_table_names_the_month(client, chair, system, milestone):
    client.force_login(chair)
    page = client.get(url(system, "monthly-update")).content.decode()
    assert f"Update for {JUST_ENDED:%B %Y}" in page


@pytest.mark.parametrize("role", ["lead", "chair"])
def test_the_rag_shown_is_as_at_the_reporting_date_the_month_offered_is_todays(
    client, request, system, milestone, role
):
    # Due in two months (on track today); as at 200 days on, long past its baseline: red.
    client.force_login(request.getfixturevalue(role))
    as_at = TODAY + timedelta(days=200)
    page = client.get(url(system, "monthly-update"), {"as_at": f"{as_at:%Y-%m-%d}"})
    assert [row.rag for row in page.context["rows"]] == ["red"]
    assert "app-rag--red" in page.content.decode()
    # The update is still given now, for the month just ended.
    assert f"Monthly update for {JUST_ENDED:%B %Y}" in _heading(page.content.decode())


def test_a_system_that_opens_at_another_date_is_updated_for_the_month_before_it(
    client, lead, system, milestone
):
    """A demo system opens at its seed paper's date (Cumbria: 5 April 2017): its reminders ask
    for the March 2017 update, so the page offers March 2017 by default and records it there,
    with the RAG as it stood on that date (a milestone due two months after it: on track)."""
    opens = milestone.baseline_on - timedelta(days=60)
    system.opens_as_at = opens
    system.save()
    just_ended = (opens.replace(day=1) - timedelta(days=1)).replace(day=1)
    client.force_login(lead)
    page = client.get(url(system, "monthly-update")).content.decode()
    assert f"Monthly update for {just_ended:%B %Y}" in _heading(page)
    data = monthly_post(milestone, **{f"m{milestone.pk}": {"narrative": "Rota agreed."}})
    response = client.post(url(system, "monthly-update"), data, follow=True)
    assert f"1 update for {just_ended:%B %Y} recorded." in response.content.decode()
    with scope([system]):
        update = ProgressUpdate.objects.get()
    assert (update.month, update.rag) == (just_ended, "green")
