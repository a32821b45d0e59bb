"""A committee stands down: kept, labelled, with the date and reason, not offered for meetings."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.scoping import scope
from governance import services
from governance.models import Committee
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(system, in_scope):
    return factories.CommitteeFactory(system=system, name="Clinical Reference Group")


def _url(system, name, **kwargs):
    return reverse(f"governance:{name}", kwargs={"slug": system.slug, **kwargs})


def _stored(system, pk) -> Committee:
    with scope([system]):
        return Committee.objects.get(pk=pk)


def test_standing_down_keeps_the_committee_with_date_and_reason(office, committee):
    services.committee_stand_down(
        actor=office, committee=committee, stood_down_on=date(2020, 3, 31), reason=" Merged "
    )
    committee.refresh_from_db()
    assert committee.stage == Committee.Stage.STOOD_DOWN
    assert (committee.stood_down_on, committee.stand_down_reason) == (date(2020, 3, 31), "Merged")
    assert committee.history.first().history_change_reason == "Merged"
    with pytest.raises(ValidationError) as error:
        services.committee_stand_down(
            actor=office, committee=committee, stood_down_on=date(2020, 4, 1), reason="Again"
        )
    assert "stood_down_on" in error.value.message_dict


def test_standing_down_needs_a_reason(office, committee):
    with pytest.raises(ValidationError) as error:
        services.committee_stand_down(
            actor=office, committee=committee, stood_down_on=date(2020, 3, 31), reason=" "
        )
    assert "reason" in error.value.message_dict
    committee.refresh_from_db()
    assert committee.stood_down_on is None
    assert committee.history.count() == 1


def test_office_stands_a_committee_down_from_its_page(client, office, system, committee):
    client.force_login(office)
    detail = client.get(_url(system, "committee-detail", pk=committee.pk)).content.decode()
    assert _url(system, "committee-stand-down", pk=committee.pk) in detail
    response = client.post(
        _url(system, "committee-stand-down", pk=committee.pk),
        {"stood_down_on": "2020-03-31", "reason": "Merged into the board"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == _url(system, "committee-detail", pk=committee.pk)
    page = response.content.decode()
    assert "Stood down</strong>" in page and "Merged into the board" in page
    assert _url(system, "committee-stand-down", pk=committee.pk) not in page
    assert "Stood down</strong>" in client.get(_url(system, "committee-list")).content.decode()
    # Not offered for a new meeting.
    form = client.get(_url(system, "meeting-create")).content.decode()
    assert committee.name not in form


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"stood_down_on": "2020-03-31", "reason": ""}, "reason"),
        ({"stood_down_on": "", "reason": "Merged"}, "stood_down_on"),
        ({"stood_down_on": "2020-02-31", "reason": "Merged"}, "stood_down_on"),
    ],
)
def test_bad_input_is_shown_next_to_its_field_and_nothing_changes(
    client, office, system, committee, data, field
):
    client.force_login(office)
    response = client.post(_url(system, "committee-stand-down", pk=committee.pk), data)
    assert response.status_code == 200
    assert f'id="id_{field}-error"' in response.content.decode() or (
        f'id="id_{field}_day-error"' in response.content.decode()
    )
    assert _stored(system, committee.pk).stood_down_on is None


def test_a_chair_may_not_stand_a_committee_down(client, chair, system, committee):
    client.force_login(chair)
    response = client.post(
        _url(system, "committee-stand-down", pk=committee.pk),
        {"stood_down_on": "2020-03-31", "reason": "No"},
    )
    assert response.status_code == 403
    assert _stored(system, committee.pk).stood_down_on is None


def test_a_correction_cannot_stand_a_committee_down_or_revive_one(office, committee):
    with pytest.raises(ValidationError) as refused:
        services.committee_update(actor=office, committee=committee, stage="stood_down")
    assert "its own page" in refused.value.message_dict["stage"][0]
    services.committee_stand_down(
        actor=office, committee=committee, stood_down_on=date(2020, 3, 31), reason="Merged"
    )
    with pytest.raises(ValidationError) as refused:
        services.committee_update(actor=office, committee=committee, stage="established")
    assert "stays stood down" in refused.value.message_dict["stage"][0]
    committee.refresh_from_db()
    assert committee.stage == Committee.Stage.STOOD_DOWN
    # Other corrections to a committee that stood down still go through.
    services.committee_update(actor=office, committee=committee, cadence="Quarterly")


def test_the_edit_form_offers_stood_down_only_to_a_committee_that_has(client, office, committee):
    client.force_login(office)
    edit = _url(committee.system, "committee-edit", pk=committee.pk)
    assert 'value="stood_down"' not in client.get(edit).content.decode()
    services.committee_stand_down(
        actor=office, committee=committee, stood_down_on=date(2020, 3, 31), reason="Merged"
    )
    assert 'value="stood_down"' in client.get(edit).content.decode()
