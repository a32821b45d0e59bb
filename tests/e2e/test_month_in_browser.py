"""One whole month of one system, done in the product's pages as its programme office would
(issue 15): a committee meeting with attendance and a deputy, decisions and actions (one
corrected), a new risk reviewed, an escalation route with ordered steps and a case stepped up on
it, a finance month for every organisation, and the chair publishing the month's report. Signed
in as the demo's `office.cumbria`, who is not staff and never opens the admin.

The month is November 2019 (the demo's latest financial year), so nothing asserted here depends
on today's date: the meeting is long past, the action due dates are fixed."""

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from core.scoping import unscoped
from partners.demo import demo_password
from partners.models import System
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "cumbria"
COMMITTEE = "Provider Alliance Group"
MEETING_ON = date(2019, 11, 14)
# The Cumbria organisations whose finances the month reports, with the figures as entered in
# the grid's accepted formats (£'000): a plain minus, brackets, a pound sign.
FIGURES = {
    "North Cumbria University Hospitals NHS Trust": ("-20,691", "(20,691)", "-34,000"),
    "Cumbria Partnership NHS Foundation Trust": ("£1,200", "£1,150", "£2,000"),
    "NHS North Cumbria Clinical Commissioning Group": ("(4,100)", "-4,350", "(6,900)"),
}


def fill_date(scope, legend: str, day: date) -> None:
    group = scope.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def choose(select, text: str) -> None:
    """Choose the option of ``select`` whose label contains ``text``."""
    option = select.locator("option", has_text=text)
    select.select_option(value=option.first.get_attribute("value"))


def submit(page, name: str, timeout: float | None = None) -> None:
    with page.expect_navigation(timeout=timeout):
        page.get_by_role("button", name=name, exact=True).click(timeout=timeout)


# Building and publishing the report run its build in the request here (Celery is eager in the
# tests): on a loaded machine that takes longer than Playwright's default 30 s.
BUILD_TIMEOUT = 120_000


def follow(page, name: str, **kwargs) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=name, **kwargs).first.click()


def main_text(page) -> str:
    return page.locator("main").inner_text()


def test_the_programme_office_runs_a_month_and_the_chair_publishes_it(page, demo):
    office = get_user_model().objects.get(username=f"office.{SLUG}")
    assert not office.is_staff and not office.is_superuser
    # The demo opens Cumbria at its seed paper's date (April 2017); a live system runs its
    # month at today's date, as this one does from here on (the month is dated November 2019).
    with unscoped():
        System.objects.filter(slug=SLUG).update(opens_as_at=None)
    admin_visits: list[str] = []
    page.on(
        "request",
        lambda request: admin_visits.append(request.url) if "/admin/" in request.url else None,
    )

    sign_in(page, office.username, demo_password())
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto(f"/s/{SLUG}/")
    assert page.get_by_role("link", name=re.compile("admin", re.I)).count() == 0

    _meeting(page)
    _risk(page)
    _escalation(page)
    _finance(page)
    _report(page)
    assert admin_visits == []


def _meeting(page) -> None:
    # A meeting, added from the meetings list.
    follow(page, "Meetings", exact=True)
    follow(page, "Add a meeting")
    page.get_by_label("Committee").select_option(label=COMMITTEE)
    fill_date(page, "Date", MEETING_ON)
    page.get_by_label("Time").fill("14:00")
    page.get_by_label("Place").fill("Penrith, Voreda House")
    page.get_by_label("Status").select_option(label="Scheduled")
    submit(page, "Save and record attendance")
    expect(page.locator("h1")).to_have_text("Attendance")
    quorum = page.locator("#quorum")
    expect(quorum).to_contain_text("Not quorate")

    # Attendance as it is chosen (htmx saves each choice), then a deputy for the council.
    page.get_by_label("Attendance of Stephen Eames (NCUH)").select_option(label="Present")
    expect(quorum).to_contain_text("1 counted")
    page.get_by_label("Attendance of Lynn Marsland (CPFT)").select_option(label="Present")
    expect(quorum).to_contain_text("2 counted")
    page.get_by_label("Attendance of Brenda Smith (CCC)").select_option(label="Apologies")
    expect(quorum).to_contain_text("Not quorate")
    deputy = "Director of Adult Health, Care and Community Services (CCC)"
    page.get_by_label("Deputy", exact=True).select_option(label=deputy)
    choose(page.get_by_label("Deputising for"), "Brenda Smith")
    page.get_by_label("The chair agreed to this deputy").check()
    submit(page, "Record deputy as present")
    expect(page.locator("main")).to_contain_text(f"{deputy} for Brenda Smith (CCC)")
    expect(page.locator("#quorum")).not_to_contain_text("Not quorate")
    expect(page.locator("#quorum")).to_contain_text("Quorate")

    # Marked held by correcting the meeting.
    follow(page, MEETING_ON.strftime("%-d %B %Y"), exact=False)
    follow(page, "Correct")
    page.get_by_label("Status").select_option(label="Held")
    page.get_by_label(re.compile("Reason")).fill("Held as planned.")
    submit(page, "Save changes")
    expect(page.locator("main")).to_contain_text("Held")
    expect(page.locator("#quorum")).to_contain_text("Quorate")
    meeting_url = page.url

    # Decisions.
    for text in (
        "Agreed the winter plan for the three provider trusts.",
        "Approved the shared back-office business case.",
    ):
        follow(page, "Add decision")
        page.get_by_label("Title").fill(text)
        page.get_by_label("Decision as minuted").fill(f"The group {text[0].lower()}{text[1:]}")
        submit(page, "Add decision")
        expect(page.locator("main")).to_contain_text(text)

    # Actions with an owner and a due date.
    actions = (
        ("Circulate the winter plan to partners", "Helen Ray (NCUH)", date(2019, 11, 29)),
        ("Cost the back-office options", "Lynn Marsland (CPFT)", date(2019, 12, 13)),
    )
    for text, owner, due in actions:
        follow(page, "Add action")
        page.get_by_label("Description").fill(text)
        page.get_by_label("Owner").select_option(label=owner)
        fill_date(page, "Due by", due)
        submit(page, "Add action")
        expect(page.locator("main")).to_contain_text(text)

    # One action corrected: the history names who changed what.
    page.goto(meeting_url)
    follow(page, "Correct action: Cost the back-office options")
    page.get_by_label("Description").fill("Cost the back-office options, with the CCG")
    fill_date(page, "Due by", date(2019, 12, 20))
    page.get_by_label(re.compile("Reason")).fill("Agreed at the meeting to include the CCG.")
    submit(page, "Save changes")
    main = page.locator("main")
    expect(main).to_contain_text("Cost the back-office options, with the CCG")
    page.get_by_text("History of changes", exact=True).click()
    history = page.locator(".app-history")
    expect(history).to_contain_text("Cost the back-office options, with the CCG")
    expect(history).to_contain_text("Agreed at the meeting to include the CCG.")
    expect(history).to_contain_text("programme office")

    # The action log lists both, with their owners.
    follow(page, f"All actions of {COMMITTEE} in the action log")
    log = page.locator("main")
    expect(log).to_contain_text("Circulate the winter plan to partners")
    expect(log).to_contain_text("Cost the back-office options, with the CCG")
    expect(log).to_contain_text("Helen Ray")
    page.goto(f"/s/{SLUG}/actions/")
    expect(page.locator("main")).to_contain_text("Circulate the winter plan to partners")


def _risk(page) -> None:
    page.goto(f"/s/{SLUG}/risks/")
    follow(page, "Add a risk")
    page.get_by_label("Reference").fill("R90")
    page.get_by_label("Title").fill("Winter demand exceeds the provider trusts' bed capacity")
    page.get_by_label("Category").select_option(label="Operational")
    page.get_by_label("Owning organisation").select_option(
        label="North Cumbria University Hospitals NHS Trust"
    )
    page.get_by_label("Likelihood").select_option(label="4 - Likely")
    page.get_by_label("Impact").select_option(label="4 - Major")
    page.get_by_label("Mitigations").fill("Escalation beds opened at Carlisle.")
    fill_date(page, "Next review date", date(2019, 12, 12))
    submit(page, "Add risk")
    expect(page.locator("h1")).to_contain_text("Winter demand exceeds")
    main = page.locator("main")
    expect(main).to_contain_text("Risk R90")
    expect(main).to_contain_text("Extreme (16)")
    score = page.locator(".nhsuk-summary-list__row").filter(has_text="Score")
    expect(score).to_contain_text("16")

    follow(page, "Record a review")
    page.get_by_label("Likelihood").select_option(label="3 - Possible")
    page.get_by_label("Review note").fill("Escalation beds open; likelihood down.")
    submit(page, "Record review")
    expect(main).to_contain_text("High (12)")
    expect(score).to_contain_text("12")
    page.get_by_text("History of changes", exact=True).click()
    history = page.locator(".app-history")
    expect(history).to_contain_text("Escalation beds open; likelihood down.")
    expect(history).to_contain_text("Demo programme office (WNEC)")
    page.goto(f"/s/{SLUG}/risks/")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="R90", exact=True))
    expect(row).to_contain_text("Winter demand exceeds")
    expect(row).to_contain_text("High (12)")


def _escalation(page) -> None:
    page.goto(f"/s/{SLUG}/escalations/routes/")
    follow(page, "Add a route")
    page.get_by_label("Name").fill("Winter plan non-delivery")
    choose(
        page.get_by_label("Agreement", exact=True),
        "Memorandum of Understanding for the Development",
    )
    page.get_by_label("Source clause").fill("16 (Dispute Resolution)")
    submit(page, "Add route")
    expect(page.locator("h1")).to_contain_text("Winter plan non-delivery")
    for escalate_to, committee in (
        ("The involved Parties", None),
        (None, COMMITTEE),
        (None, "System Leadership Board"),
    ):
        follow(page, "Add a step")
        if escalate_to:
            page.get_by_label("Escalate to (role or body)").fill(escalate_to)
        if committee:
            page.get_by_label("Escalate to committee").select_option(label=committee)
        submit(page, "Add step")
    expect(page.locator("main")).to_contain_text("Step 3 added to Winter plan non-delivery.")
    steps = page.get_by_role("heading", name=re.compile(r"^Step \d+:"))
    expect(steps).to_have_text(
        [
            "Step 1: The involved Parties",
            f"Step 2: {COMMITTEE}",
            "Step 3: System Leadership Board",
        ]
    )

    page.goto(f"/s/{SLUG}/escalations/")
    follow(page, "Raise a case")
    page.get_by_label("Route").select_option(label="Winter plan non-delivery")
    page.get_by_label("Or describe the subject").fill("Winter plan not agreed by the CCG")
    page.get_by_label("Organisation asked to respond").select_option(
        label="NHS North Cumbria Clinical Commissioning Group"
    )
    fill_date(page, "Raised on", date(2019, 11, 18))
    page.get_by_label("Why is it being escalated?").fill(
        "The CCG has not signed off the winter plan the PAG agreed."
    )
    submit(page, "Raise case")
    expect(page.locator("h1")).to_contain_text("Winter plan not agreed by the CCG")
    main = page.locator("main")
    expect(main).to_contain_text("The involved Parties")
    step_up = page.locator(".nhsuk-card").filter(
        has=page.get_by_role("heading", name="Step up to the next step")
    )
    fill_date(step_up, "Stepped up on", date(2019, 11, 27))
    step_up.get_by_label("Note").fill("No agreement between the parties.")
    with page.expect_navigation():
        step_up.get_by_role("button", name="Step up").click()
    expect(main).to_contain_text("Step 2 of 3, since 27 November 2019")
    escalated_to = page.locator(".nhsuk-summary-list__row").filter(has_text="Escalated to")
    expect(escalated_to).to_contain_text(COMMITTEE)
    log = page.get_by_role("table").filter(has_text="Stepped up")
    expect(log).to_contain_text("No agreement between the parties.")
    expect(log).to_contain_text("Demo programme office (WNEC)")


def _finance(page) -> None:
    page.goto(f"/s/{SLUG}/finance/")
    for organisation, (_, _, outturn) in FIGURES.items():
        follow(page, "Record a control total")
        page.get_by_label("Organisation").select_option(label=organisation)
        page.get_by_label("Financial year").select_option(label="2019/20")
        page.get_by_label(re.compile("^Allocation")).fill("500,000")
        page.get_by_label(re.compile("^Plan surplus")).fill(outturn)
        submit(page, "Record control total")
        page.goto(f"/s/{SLUG}/finance/")

    follow(page, "Record monthly positions")
    page.get_by_label("Financial year").select_option(label="2019/20")
    page.get_by_label("Month").select_option(label="November")
    submit(page, "Show month")
    expect(page.locator("h1")).to_have_text("Monthly positions, November 2019")
    grid = page.locator("main table")
    expect(grid.locator("tbody tr")).to_have_count(len(FIGURES))
    for organisation, figures in FIGURES.items():
        for label, value in zip(
            ("Year-to-date plan", "Year-to-date actual", "Forecast outturn"), figures, strict=True
        ):
            page.get_by_label(f"{label} for {organisation} (£'000)").fill(value)
    submit(page, "Save positions")
    expect(page.locator("main")).to_contain_text(f"{len(FIGURES)} positions for November 2019")

    page.goto(f"/s/{SLUG}/finance/")
    coverage = page.locator("#positions-coverage")
    expect(coverage).to_contain_text(
        f"November 2019: {len(FIGURES)} of {len(FIGURES)} organisations reported"
    )


def _report(page) -> None:
    page.goto(f"/s/{SLUG}/reports/")
    page.get_by_label("Month reported on").fill("2019-11")
    submit(page, "Build the draft", timeout=BUILD_TIMEOUT)
    expect(page.locator("h1")).to_contain_text("November 2019")
    expect(page.locator("#report-status")).to_contain_text("Draft")

    page.context.clear_cookies()
    sign_in(page, "chair", demo_password())
    page.goto(f"/s/{SLUG}/reports/")
    follow(page, "November 2019", exact=True)
    page.get_by_label("Chair's commentary").fill("A quorate PAG agreed the winter plan.")
    submit(page, "Save and check before publishing")
    expect(page.locator("h1")).to_contain_text("Check before you publish the November 2019 report")
    expect(page.locator("main")).to_contain_text("cannot be changed afterwards")
    submit(page, "Publish version 1", timeout=BUILD_TIMEOUT)
    expect(page.locator("#report-status")).to_contain_text("Published")
    expect(page.locator(".app-report-preview")).to_contain_text(
        "A quorate PAG agreed the winter plan."
    )
    page.goto(f"/s/{SLUG}/reports/")
    listed = page.locator("main table").filter(has_text="November 2019")
    expect(listed).to_contain_text("Published")
