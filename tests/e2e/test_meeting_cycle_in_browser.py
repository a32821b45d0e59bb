"""A committee's meeting cycle in the browser (issue 16), as NW London's programme office: a
meeting's pack with a confidential (part B) item, draft minutes circulated and approved at the
next meeting, and the system's public pages, which show the public paper and the approved
minutes and nothing of the confidential item. The same is then read through the API, the
packs and the pages as a regulator and as a partner lead of another organisation.

The meetings are the seed's (003: the shadow Joint Committee, 1 February and 1 March 2018, with
their agenda items); the confidential item, the papers and the minutes' words are the test's."""

import io
import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect
from pypdf import PdfReader

from core.roles import Role
from core.scoping import unscoped
from governance.models import AgendaItem, Meeting, Pack, Paper
from governance.tests.paper_files import pdf_with_text
from partners.demo import demo_password
from partners.models import Access, Partnership, System
from tests import factories
from tests.e2e.conftest import sign_in
from tests.e2e.test_month_in_browser import fill_date, follow, main_text, submit

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "nw-london"
FIRST, NEXT = date(2018, 2, 1), date(2018, 3, 1)
SECRET_ITEM = "Estates: terms offered for the Hammersmith site"
SECRET_PAPER_TEXT = "CONFIDENTIAL-VALUATION-4471"
SECRET_MINUTE = "The committee noted the valuation in private."
PUBLIC_PAPER = "Membership proposals"
PUBLIC_PAPER_TEXT = "PUBLIC-MEMBERSHIP-PAPER"
PUBLIC_MINUTE = "The committee discussed the membership plans and agreed to consult."
SECRETS = (SECRET_ITEM, SECRET_PAPER_TEXT, SECRET_MINUTE)
PACK_TIMEOUT = 120_000  # the pack builds in the request here (Celery is eager in the tests)


def _meeting(day: date) -> Meeting:
    with unscoped():
        return Meeting.objects.get(committee__system__slug=SLUG, held_on=day)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_meeting_cycle_keeps_part_b_private_and_publishes_the_rest(page, demo, tmp_path):
    first, later = _meeting(FIRST), _meeting(NEXT)
    assert first.status == later.status == Meeting.Status.HELD
    sign_in(page, f"office.{SLUG}", demo_password())

    # The pack: a paper on the seed's first item, a confidential item with its own paper.
    page.goto(f"/s/{SLUG}/meetings/{first.pk}/")
    public_file = tmp_path / "membership.pdf"
    public_file.write_bytes(pdf_with_text(PUBLIC_PAPER_TEXT))
    secret_file = tmp_path / "valuation.pdf"
    secret_file.write_bytes(pdf_with_text(SECRET_PAPER_TEXT))
    follow(page, re.compile(r"^Add paper"), exact=False)
    page.get_by_label("Title").fill(PUBLIC_PAPER)
    page.get_by_label("File").set_input_files(str(public_file))
    submit(page, "Add paper")
    expect(page.locator("main")).to_contain_text(PUBLIC_PAPER)

    follow(page, "Add agenda item")
    page.get_by_label("Item number").fill("9")
    page.get_by_label("Title").fill(SECRET_ITEM)
    page.get_by_label("Purpose").select_option(label="For decision")
    page.get_by_label("Confidential (part B): taken in private").check()
    submit(page, "Add item")
    expect(page.locator("main")).to_contain_text(SECRET_ITEM)
    with unscoped():
        secret_item = AgendaItem.objects.get(meeting=first, title=SECRET_ITEM)
    page.goto(f"/s/{SLUG}/agenda/{secret_item.pk}/papers/new/")
    page.get_by_label("Title").fill("Site valuation")
    page.get_by_label("File").set_input_files(str(secret_file))
    submit(page, "Add paper")

    with page.expect_navigation(timeout=PACK_TIMEOUT):
        page.get_by_role("button", name="Build the pack").click(timeout=PACK_TIMEOUT)
    expect(page.locator("main")).to_contain_text("Full (parts A and B) pack, version 1")
    with unscoped():
        packs = {pack.part: pack for pack in Pack.objects.filter(meeting=first, status="ready")}
    public_pack = page.request.get(f"/s/{SLUG}/packs/{packs['public'].pk}/download/")
    full_pack = page.request.get(f"/s/{SLUG}/packs/{packs['full'].pk}/download/")
    public_text, full_text = _pdf_text(public_pack.body()), _pdf_text(full_pack.body())
    assert PUBLIC_PAPER_TEXT in public_text and PUBLIC_PAPER_TEXT in full_text
    assert SECRET_PAPER_TEXT in full_text and SECRET_ITEM in full_text
    assert SECRET_PAPER_TEXT not in public_text and SECRET_ITEM not in public_text

    # The minutes: drafted against the agenda, circulated, approved at the next meeting.
    page.goto(f"/s/{SLUG}/meetings/{first.pk}/minutes/")
    submit(page, "Draft the minutes")  # and on to writing them
    page.get_by_label(re.compile(r"^1\. Plans to build")).fill(PUBLIC_MINUTE)
    page.get_by_label(f"9. {SECRET_ITEM}").fill(SECRET_MINUTE)
    submit(page, "Save the minutes")
    follow(page, "Circulate the draft minutes")
    fill_date(page, "Circulated on", date(2018, 2, 8))
    submit(page, "Record as circulated")
    expect(page.locator("main")).to_contain_text("Circulated")

    page.goto(f"/s/{SLUG}/meetings/{later.pk}/")
    follow(page, re.compile("Approve the minutes of 1 February 2018"))
    submit(page, "Approve the minutes")
    text = main_text(page)
    assert "Approved" in text and PUBLIC_MINUTE in text and SECRET_MINUTE in text
    page.goto(f"/s/{SLUG}/meetings/{later.pk}/")
    expect(page.locator("main")).to_contain_text("Minutes of the meeting on 1 February 2018")

    # What the system publishes, chosen by its office.
    page.goto(f"/s/{SLUG}/publication/")
    for label in ("Committees", "Meetings", "Approved minutes"):
        page.get_by_label(re.compile(label)).first.check()
    submit(page, "Save what is published")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()

    # Signed out, the public pages: the public paper and minutes, nothing of part B.
    page.goto(f"/public/{SLUG}/meetings/{first.pk}/")
    text = main_text(page)
    assert PUBLIC_PAPER in text
    assert all(secret not in text for secret in SECRETS)
    with unscoped():
        public_paper = Paper.objects.get(title=PUBLIC_PAPER)
        secret_paper = Paper.objects.get(item=secret_item)
    download = page.request.get(f"/public/{SLUG}/papers/{public_paper.pk}/")
    assert download.status == 200 and PUBLIC_PAPER_TEXT in _pdf_text(download.body())
    assert page.request.get(f"/public/{SLUG}/papers/{secret_paper.pk}/").status == 404
    follow(page, "Approved minutes")  # the meeting's own
    text = main_text(page)
    assert PUBLIC_MINUTE in text and all(secret not in text for secret in SECRETS)
    assert all(secret not in page.content() for secret in SECRETS)
    sitemap = page.request.get("/sitemap.xml").text()
    assert f"/public/{SLUG}/meetings/{first.pk}/" in sitemap

    # The API, the pack and the pages, as a regulator and a partner lead of another organisation.
    _neither_reads_part_b(first, secret_item, secret_paper, packs, public_paper)


def _lead_of_another_organisation(system: System):
    user = factories.UserFactory(username="lead.elsewhere")
    with unscoped():
        organisation = Partnership.objects.filter(system=system).first().organisation
    Access.objects.create(
        user=user, system=system, role=Role.PARTNER_LEAD, organisation=organisation
    )
    return user


def _neither_reads_part_b(meeting, secret_item, secret_paper, packs, public_paper) -> None:
    with unscoped():
        system = System.objects.get(slug=SLUG)
    regulator = get_user_model().objects.get(username="regulator")
    for user in (regulator, _lead_of_another_organisation(system)):
        client = Client()
        client.force_login(user)
        pages = client.get(f"/s/{SLUG}/meetings/{meeting.pk}/").content.decode()
        minutes = client.get(f"/s/{SLUG}/meetings/{meeting.pk}/minutes/").content.decode()
        assert PUBLIC_PAPER in pages and PUBLIC_MINUTE in minutes
        assert all(secret not in pages + minutes for secret in SECRETS), user
        for path in (
            f"/s/{SLUG}/papers/{secret_paper.pk}/download/",
            f"/s/{SLUG}/packs/{packs['full'].pk}/download/",
            f"/s/{SLUG}/agenda/{secret_item.pk}/edit/",
        ):
            assert client.get(path).status_code == 404, (user, path)
        assert client.get(f"/s/{SLUG}/papers/{public_paper.pk}/download/").status_code == 200
        public_pack = client.get(f"/s/{SLUG}/packs/{packs['public'].pk}/download/")
        assert SECRET_ITEM not in _pdf_text(b"".join(public_pack.streaming_content))

        if user != regulator:
            # Only the read-only roles hold tokens; a partner lead reads the API in no other way.
            continue
        api = Client(HTTP_AUTHORIZATION=f"Bearer {factories.api_token(user)}")
        for prefix in ("agenda-items", "papers", "minutes", "declarations"):
            response = api.get(f"/api/v1/{prefix}/", {"system": system.pk, "page_size": 100})
            assert response.status_code == 200, prefix
            body = response.content.decode()
            assert all(secret not in body for secret in SECRETS), prefix
        minutes_body = api.get("/api/v1/minutes/", {"system": system.pk}).content.decode()
        assert PUBLIC_MINUTE in minutes_body
        papers = api.get("/api/v1/papers/", {"system": system.pk}).json()["results"]
        assert {paper["title"] for paper in papers} == {PUBLIC_PAPER}
