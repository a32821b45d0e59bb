"""Declarations of interest on a meeting's items: recorded, corrected and withdrawn by the
programme office, shown on the meeting page with the item's quorum where it differs, offered
only the chosen person's registered interests, and as confidential as their item (pages and
API)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.roles import Role
from core.scoping import scope
from governance import services
from governance.models import Declaration
from governance.tests.form_helpers import error_next_to
from governance.tests.test_forms_saving import history_total
from tests import factories
from tests.meeting_factories import AgendaItemFactory, DeclarationFactory, InterestFactory

pytestmark = pytest.mark.django_db

HELD = date(2019, 6, 3)


@pytest.fixture
def board(system, office):
    """A board of two members, both needed, whose terms leave a conflicted member out."""
    with scope([system]):
        committee = factories.CommitteeFactory(system=system, name="Partnership Board")
        services.terms_create(
            actor=office,
            committee=committee,
            version="1.0",
            effective_from=date(2019, 4, 1),
            minimum_total=2,
            conflicted_not_counted=True,
        )
        people = [factories.PersonFactory(system=system, name=n) for n in ("Ann", "Ben")]
        for person in people:
            services.membership_add(actor=office, committee=committee, person=person)
        meeting = services.meeting_create(actor=office, committee=committee, held_on=HELD)
        for person in people:
            services.attendance_record(
                actor=office, meeting=meeting, person=person, status="present"
            )
        item = AgendaItemFactory(meeting=meeting, number=1, title="Community services contract")
        secret = AgendaItemFactory(
            meeting=meeting, number=2, title="Part B item", confidential=True
        )
        interest = InterestFactory(person=people[0], organisation_name="Bidder Ltd")
    return meeting, item, secret, people, interest


def _url(system, name, pk):
    return reverse(f"governance:{name}", args=[system.slug, pk])


def test_the_office_records_a_declaration_and_the_meeting_shows_the_items_quorum(
    client, office, system, board
):
    meeting, item, _, (ann, _), interest = board
    client.force_login(office)
    response = client.post(
        _url(system, "declaration-create", meeting.pk),
        {
            "item": item.pk,
            "person": ann.pk,
            "interest": interest.pk,
            "description": "Director of a bidder",
            "takes_part": "no",
            "action": "Left the room for the item.",
        },
    )
    assert response.status_code == 302
    html = client.get(_url(system, "meeting-detail", meeting.pk), {"as_at": "2019-07-01"})
    html = html.content.decode()
    assert "Declarations of interest" in html
    assert "Director of a bidder" in html and "Took no part." in html
    assert "Quorum for this item:" in html
    assert "Ann declared an interest and took no part: not counted for this item" in html


def test_only_the_chosen_persons_interests_are_offered(client, office, system, board):
    meeting, item, _, (ann, ben), interest = board
    with scope([system]):
        InterestFactory(person=ben, organisation_name="Ben Holdings")
    client.force_login(office)
    url = _url(system, "declaration-create", meeting.pk)
    blank = client.get(url).content.decode()
    assert "Bidder Ltd" not in blank and "Ben Holdings" not in blank
    shown = client.post(url, {"person": ann.pk, "show-interests": "yes"}).content.decode()
    assert "Bidder Ltd" in shown and "Ben Holdings" not in shown
    assert 'class="nhsuk-error-message"' not in shown  # nothing checked yet
    before = history_total()
    refused = client.post(
        url,
        {
            "item": item.pk,
            "person": ben.pk,
            "interest": interest.pk,
            "description": "Director",
            "takes_part": "yes",
        },
    )
    assert error_next_to(refused.content.decode(), "interest").startswith(
        "Choose one of the options offered"
    )
    assert history_total() == before


def test_a_missing_description_is_said_next_to_the_field(client, office, system, board):
    meeting, item, _, (ann, _), _ = board
    client.force_login(office)
    before = history_total()
    response = client.post(
        _url(system, "declaration-create", meeting.pk),
        {"item": item.pk, "person": ann.pk, "takes_part": "yes"},
    )
    assert (
        error_next_to(response.content.decode(), "description") == "Say what interest was declared."
    )
    assert history_total() == before


def test_a_second_declaration_by_the_same_person_on_an_item_is_refused(
    client, office, system, board
):
    meeting, item, _, (ann, _), _ = board
    with scope([system]):
        DeclarationFactory(item=item, person=ann)
    client.force_login(office)
    response = client.post(
        _url(system, "declaration-create", meeting.pk),
        {"item": item.pk, "person": ann.pk, "description": "Again", "takes_part": "yes"},
    )
    assert error_next_to(response.content.decode(), "person") == (
        "This person has already declared on this item."
    )


def test_correct_and_withdraw_keep_the_declaration(client, office, system, board):
    _, item, _, (ann, _), _ = board
    with scope([system]):
        declaration = DeclarationFactory(item=item, person=ann, takes_part=False)
    client.force_login(office)
    edit_url = _url(system, "declaration-edit", declaration.pk)
    form = client.get(edit_url).content.decode()
    assert 'value="no" selected' in form
    assert "Only their interests on the register are offered." in form  # no person to choose
    client.post(edit_url, {"description": "Corrected", "takes_part": "yes", "reason": "Misheard"})
    client.post(_url(system, "declaration-withdraw", declaration.pk), {"reason": "Wrong item"})
    with scope([system]):
        declaration.refresh_from_db()
    assert declaration.description == "Corrected" and declaration.takes_part is True
    assert declaration.withdrawn_reason == "Wrong item"
    assert declaration.history.count() == 3


@pytest.mark.parametrize("role", [Role.CHAIR, Role.REGULATOR, Role.PARTNER_LEAD])
def test_a_declaration_on_a_confidential_item_is_hidden_from_those_without_it(
    client_for, api, system, board, role
):
    _, item, secret, (ann, ben), _ = board
    with scope([system]):
        DeclarationFactory(item=item, person=ann, description="Public declaration")
        hidden = DeclarationFactory(item=secret, person=ben, description="Secret declaration")
    client = client_for(role)
    page = client.get(_url(system, "meeting-detail", item.meeting_id)).content.decode()
    assert "Public declaration" in page and "Secret declaration" not in page
    ids = [row["id"] for row in api("/api/v1/declarations/", role).json()["results"]]
    assert hidden.pk not in ids and len(ids) == 1
    assert api(f"/api/v1/declarations/{hidden.pk}/", role).status_code == 404


def test_the_office_sees_declarations_on_confidential_items(client, office, api, system, board):
    _, _, secret, (_, ben), _ = board
    with scope([system]):
        DeclarationFactory(item=secret, person=ben, description="Secret declaration")
    client.force_login(office)
    page = client.get(_url(system, "meeting-detail", secret.meeting_id)).content.decode()
    assert "Secret declaration" in page
    assert len(api("/api/v1/declarations/", Role.PROGRAMME_OFFICE).json()["results"]) == 1


def test_the_interests_endpoint_lists_the_register(api, system, board):
    *_, interest = board
    rows = api("/api/v1/interests/").json()["results"]
    assert [(r["id"], r["organisation_name"]) for r in rows] == [(interest.pk, "Bidder Ltd")]
    assert Declaration.history.model.objects.count() == 0


def test_the_meeting_pages_queries_do_not_grow_with_declarations(client, office, system, board):
    """Items, their declarations (with person, organisation and interest) are read once each,
    however many there are; each item's quorum reads what the meeting page has read."""
    meeting, item, secret, (ann, ben), _ = board
    client.force_login(office)
    url = _url(system, "meeting-detail", meeting.pk)
    with scope([system]):
        DeclarationFactory(item=item, person=ann, takes_part=False)
    client.get(url)  # the first visit saves the session
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    with scope([system]):
        DeclarationFactory(item=item, person=ben, takes_part=False)
        DeclarationFactory(item=secret, person=ann)
        for n in range(3, 8):
            extra = AgendaItemFactory(meeting=meeting, number=n)
            DeclarationFactory(item=extra, person=ben, takes_part=False)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


def test_a_confidential_items_declarations_are_labelled_as_its_agenda_entry_is(
    client, office, system, board
):
    # The same words and colour as the agenda's part B label, so the two read as one thing.
    _, _, secret, (_, ben), _ = board
    with scope([system]):
        DeclarationFactory(item=secret, person=ben, description="Secret declaration")
    client.force_login(office)
    page = client.get(_url(system, "meeting-detail", secret.meeting_id)).content.decode()
    declarations = page.split('id="declarations"', 1)[1]
    assert '<strong class="nhsuk-tag nhsuk-tag--red">Part B: confidential</strong>' in declarations
