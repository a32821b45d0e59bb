"""A programme office's erasure stays in its own system: it rewrites no other system's text
(a namesake there, or a common word made a person's name), and it cannot close the account of
someone who also has access to another system (a regulator, an office elsewhere)."""

import pytest

from core.roles import Role
from partners.models import Access
from tests import factories as f
from tests import record_factories as rf

pytestmark = pytest.mark.usefixtures("no_scope")


def _erase(client, system, person):
    url = f"/s/{system.slug}/people/{person.pk}/erase/"
    return client.post(url, {"reason": "SAR-9: erasure agreed", "confirm": "on"})


def _decision(system, **fields):
    meeting = f.MeetingFactory(committee=f.CommitteeFactory(system=system))
    return rf.DecisionFactory(meeting=meeting, **fields)


def test_an_offices_erasure_leaves_another_systems_text_as_it_is(
    client, office, system, other_system
):
    person = f.PersonFactory(system=system, name="Dana Scully", email="")
    ours = _decision(system, title="Dana Scully to report back")
    theirs = _decision(other_system, title="Dana Scully to report back", text="Quorate decision")
    word = f.PersonFactory(system=system, name="Quorate", email="")
    client.force_login(office)
    assert _erase(client, system, person).status_code == 302
    assert _erase(client, system, word).status_code == 302
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert "Dana Scully" not in ours.title
    assert not any("Dana Scully" in title for title in ours.history.values_list("title", flat=True))
    assert (theirs.title, theirs.text) == ("Dana Scully to report back", "Quorate decision")
    history = theirs.history.values_list("title", "text")
    assert set(history) == {("Dana Scully to report back", "Quorate decision")}


def test_an_office_cannot_close_the_account_of_someone_with_access_elsewhere(
    client, office, system, other_system
):
    user = f.UserFactory(username="rita.reg", first_name="Rita", last_name="Reg")
    for each in (system, other_system):
        Access.objects.create(user=user, system=each, role=Role.REGULATOR)
    person = f.PersonFactory(system=system, name="Rita Reg", email="", user=user)
    client.force_login(office)
    page = client.get(f"/s/{system.slug}/people/{person.pk}/erase/").content.decode()
    assert "only a platform operator can erase them" in page
    _erase(client, system, person)
    user.refresh_from_db()
    person.refresh_from_db()
    assert user.is_active and user.username == "rita.reg" and person.name == "Rita Reg"
    assert Access.objects.filter(user=user, ends_on__isnull=True).count() == 2


def test_an_office_cannot_close_a_platform_operators_account(client, office, system):
    user = f.UserFactory(username="op.root", is_superuser=True, is_staff=True)
    Access.objects.create(user=user, system=system, role=Role.CHAIR)
    person = f.PersonFactory(system=system, name="Op Root", email="", user=user)
    client.force_login(office)
    page = client.get(f"/s/{system.slug}/people/{person.pk}/erase/").content.decode()
    assert "only another platform operator can erase them" in page
    _erase(client, system, person)
    user.refresh_from_db()
    assert user.is_active and user.is_superuser
    assert user.username == "op.root"
