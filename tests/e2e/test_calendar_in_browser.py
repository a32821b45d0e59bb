"""A person makes their calendar address in the browser, and a calendar client (a browser
context with no cookies) reads it without signing in, as valid iCalendar; stopping it on the
page stops the client's reads."""

from datetime import date

import icalendar
import pytest
from playwright.sync_api import expect

from core.scoping import scope
from tests import factories
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_address_made_on_the_page_is_read_without_a_session(page, browser, chair, system):
    system.opens_as_at = date(2019, 7, 10)
    system.save()
    with scope([system]):
        committee = factories.CommitteeFactory(system=system, name="Joint Committee")
        factories.MeetingFactory(committee=committee, held_on=date(2019, 9, 5), status="scheduled")
    sign_in(page, chair.username)
    page.get_by_role("link", name="Your calendar").click()
    page.get_by_role("button", name="Make my calendar address").click()
    address = page.get_by_label("Calendar address").input_value()

    calendar_client = browser.new_context()
    try:
        response = calendar_client.request.get(address)
        assert response.status == 200
        assert response.headers["content-type"] == "text/calendar; charset=utf-8"
        events = icalendar.Calendar.from_ical(response.body()).walk("VEVENT")
        assert [str(event["SUMMARY"]) for event in events] == ["Joint Committee"]

        page.get_by_role("button", name="Stop this address").click()
        expect(page.get_by_text("Your calendar address no longer works.")).to_be_visible()
        assert calendar_client.request.get(address).status == 404
    finally:
        calendar_client.close()
