"""Erasing a person through its page and its command: the confirmation, who may erase where,
the pseudonym (stable, keyed), the account closed, and the monthly report rendered again."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from core.erasure import pseudonym
from core.roles import Role
from partners.models import Access, Person, PersonalDataRequest
from partners.privacy import person_erase
from reports.models import MonthlyReport
from reports.pdf import render_pdf
from reports.tests.sample import sample_snapshot
from tests import factories as f
from tests import record_factories as rf
from tests.pdf_reading import pdf_text

pytestmark = pytest.mark.usefixtures("no_scope")


@pytest.fixture
def member(system):
    user = f.UserFactory(username="fox", first_name="Fox", last_name="Mulder", email="fm@x.nhs.uk")
    Access.objects.create(user=user, system=system, role=Role.CHAIR)
    return f.PersonFactory(system=system, name="Fox Mulder", email=user.email, user=user)


def _erase(client, system, person, **data):
    url = f"/s/{system.slug}/people/{person.pk}/erase/"
    return client.post(url, {"reason": "SAR-9: erasure agreed", "confirm": "on", **data})


def test_the_office_confirms_with_a_reason_and_the_identity_is_replaced(
    client, office, system, member
):
    client.force_login(office)
    page = client.get(f"/s/{system.slug}/people/{member.pk}/erase/").content.decode()
    assert "This cannot be undone" in page
    refused = _erase(client, system, member, confirm="")
    assert "Confirm that you understand" in refused.content.decode()
    response = _erase(client, system, member)
    expected = pseudonym(f"partners.person:{member.pk}")
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.name, member.email) == (expected, "")
    user = member.user
    user.refresh_from_db()
    assert (user.is_active, user.email, user.username) == (
        False,
        "",
        f"erased-{expected[-6:].lower()}",
    )
    assert not user.has_usable_password()
    assert Access.objects.get(user=user).end_reason == "Identity erased"
    request = PersonalDataRequest.objects.get(kind="erasure")
    assert (request.made_by, request.pseudonym, request.reason) == (
        office,
        expected,
        "SAR-9: erasure agreed",
    )
    # Once only: the page says so, rather than erasing again.
    again = _erase(client, system, member)
    assert "already been erased" in again.content.decode()


def test_a_reason_naming_them_is_kept_without_the_name(client, office, system, member):
    client.force_login(office)
    _erase(client, system, member, reason="Fox Mulder asked by letter")
    reason = PersonalDataRequest.objects.get().reason
    assert "Fox" not in reason and reason.endswith("asked by letter")


def test_the_pseudonym_is_stable_and_keyed(settings):
    assert pseudonym("partners.person:1") == pseudonym("partners.person:1")
    assert pseudonym("partners.person:1") != pseudonym("partners.person:2")
    before = pseudonym("partners.person:1")
    settings.PSEUDONYM_KEY = "another key"
    assert pseudonym("partners.person:1") != before


def test_an_office_cannot_erase_someone_who_is_also_in_another_system(
    client, office, system, other_system, member
):
    f.PersonFactory(system=other_system, name="Fox Mulder", email=member.email)
    client.force_login(office)
    page = client.get(f"/s/{system.slug}/people/{member.pk}/erase/").content.decode()
    assert "only a platform operator can erase them" in page
    assert "Fox Mulder" in _erase(client, system, member).content.decode()
    assert Person.objects.filter(name="Fox Mulder").count() == 2


def test_the_command_erases_in_every_system(system, other_system, member, django_user_model):
    other = f.PersonFactory(system=other_system, name="Fox Mulder", email=member.email)
    django_user_model.objects.create_superuser("root", password="x")
    with pytest.raises(CommandError, match="platform operator"):
        call_command("erase_person", member.pk, "--reason=SAR-9", "--by=fox")
    out = StringIO()
    call_command("erase_person", member.pk, "--reason=SAR-9", "--by=root", stdout=out)
    assert "Erased: now Person " in out.getvalue()
    other.refresh_from_db()
    assert other.name == pseudonym(f"partners.person:{member.pk}")


def test_a_report_that_named_them_is_rendered_again_without_the_name(
    system, member, office, django_user_model
):
    snapshot = sample_snapshot(extra_milestones=0, published=True)
    snapshot["risks"]["top"][0]["owner"] = "Fox Mulder (NNUH)"
    report = rf.MonthlyReportFactory(system=system, status="published", snapshot=snapshot)
    MonthlyReport.objects.filter(pk=report.pk).update(snapshot=snapshot)
    assert "Fox Mulder" in pdf_text(render_pdf(snapshot, draft=False))
    operator = django_user_model.objects.create_superuser("root", password="x")
    person_erase(actor=operator, person=member, reason="SAR-9", every_system=True)
    report.refresh_from_db()
    text = pdf_text(report.pdf.open("rb").read())
    assert "Fox Mulder" not in text
    assert pseudonym(f"partners.person:{member.pk}") in text
    assert report.snapshot["risks"]["top"][0]["owner"].startswith("Person ")
    assert "Rendered again" in report.history.first().history_change_reason


def test_the_access_ended_and_the_token_revoked_are_security_events(client, office, system, member):
    """Erasing closes the account: the access it ends and the token it revokes are recorded in
    the system's security events, as when the office ends or revokes them itself."""
    from core.models import SecurityEvent
    from partners.api.tokens import token_issue

    token_issue(actor=office, user=member.user, systems=[system])
    client.force_login(office)
    assert _erase(client, system, member).status_code == 302
    events = SecurityEvent.objects.filter(systems=system, subject=member.user).order_by("pk")
    kinds = [e.kind for e in events]
    assert SecurityEvent.Kind.ACCESS_ENDED in kinds and SecurityEvent.Kind.TOKEN_REVOKED in kinds
    ended = events.get(kind=SecurityEvent.Kind.ACCESS_ENDED)
    assert ended.user == office
    assert ended.detail.startswith("Chair. Ended on ") and ended.detail.endswith(
        ": Identity erased"
    )
    assert "Fox" not in " ".join(e.detail for e in events)
