"""A programme office's erasure stays in its own system: it rewrites no other system's text
(a namesake there, or a common word made a person's name), and it cannot close the account of
someone who also has access to another system (a regulator, an office elsewhere), nor end by it
an access the office may not end itself (its own, a regulator's, the last office's)."""

from datetime import timedelta

import pytest
from django.utils import timezone

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


def _refused(client, system, person, words: str) -> None:
    """The erasure page says why it cannot be made, and posting it changes nothing."""
    page = client.get(f"/s/{system.slug}/people/{person.pk}/erase/").content.decode()
    assert words in page
    response = _erase(client, system, person)
    assert response.status_code == 200 and words in response.content.decode()
    person.refresh_from_db()
    person.user.refresh_from_db()
    assert person.user.is_active and not person.user.username.startswith("erased-")
    assert Access.objects.filter(user=person.user, ends_on__isnull=True).exists()


def test_an_office_cannot_end_a_regulators_access_by_erasing_them(
    client, office, regulator, system
):
    # A regulator's access is a platform operator's to end (authz.can_change_access), even
    # one of this system alone: linked to a person here, erasing them would close it.
    person = f.PersonFactory(system=system, name="Rita Reg", email="", user=regulator)
    client.force_login(office)
    _refused(client, system, person, "only a platform operator can erase them")


def test_an_office_cannot_erase_its_own_identity(client, office, system):
    person = f.PersonFactory(system=system, name="Alice Office", email="", user=office)
    client.force_login(office)
    _refused(client, system, person, "only a platform operator can erase them")


def test_an_office_cannot_close_the_account_of_the_last_office_staying(client, office, system):
    # The office's own access is set to end: the other is the one that stays to run it.
    Access.objects.filter(user=office).update(ends_on=timezone.localdate() + timedelta(days=7))
    other = f.UserFactory(username="olive.office")
    Access.objects.create(user=other, system=system, role=Role.PROGRAMME_OFFICE)
    person = f.PersonFactory(system=system, name="Olive Office", email="", user=other)
    client.force_login(office)
    _refused(client, system, person, "last programme office")
