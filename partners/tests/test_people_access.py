"""Issue 15: the programme office invites people to its system, changes and ends their access,
and confirms a quarterly access review; an access that has ended grants nothing anywhere."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from core import authz
from core.roles import Role
from core.scoping import scope
from partners import services
from partners.models import Access, AccessReview, Invitation
from partners.tests.page_helpers import error_next_to, url
from tests import factories

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://\S+/invitations/(\S+)/")


def _link(message) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(0).split("//", 1)[1].split("/", 1)[1]


# The whole journey ------------------------------------------------------------------------------


def test_invite_accept_change_and_end(
    client, office, system, organisation, django_capture_on_commit_callbacks
):
    client.force_login(office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(system, "access-invite"),
            {
                "email": "dana@example.nhs.uk",
                "role": Role.PARTNER_LEAD,
                "organisation": organisation.pk,
            },
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["dana@example.nhs.uk"]
    path = "/" + _link(mail.outbox[0])
    invitation = Invitation._base_manager.get()
    assert path.split("/")[2] not in invitation.token_hash  # only the hash is kept

    review = client.get(url(system, "access-list")).content.decode()
    assert "dana@example.nhs.uk" in review and "Invited, not yet joined" in review

    # The invitee, signed out, creates an account and joins.
    client.logout()
    page = client.get(path)
    assert page.status_code == 200 and "Create your account" in page.content.decode()
    response = client.post(
        path,
        {
            "first_name": "Dana",
            "last_name": "Lee",
            "username": "dana.lee",
            "password1": "a-long-pass-phrase-19",
            "password2": "a-long-pass-phrase-19",
        },
    )
    assert response.status_code == 302, response.content.decode()
    dana = get_user_model().objects.get(username="dana.lee")
    assert dana.email == "dana@example.nhs.uk"
    assert authz.role_in(dana, system) == Role.PARTNER_LEAD
    assert authz.led_organisation_id(dana, system) == organisation.pk
    assert client.get(url(system, "organisation-list")).status_code == 200
    # The link works once.
    assert client.get(path).status_code == 410

    # The office changes her role, with a reason kept in history, then ends her access.
    client.force_login(office)
    access = Access.objects.get(user=dana)
    review = client.get(url(system, "access-list")).content.decode()
    assert "Dana Lee" in review and "Invited, not yet joined" in review
    response = client.post(
        url(system, "access-change", pk=access.pk), {"role": Role.CHAIR, "reason": "New post"}
    )
    assert response.status_code == 302
    access.refresh_from_db()
    assert access.role == Role.CHAIR and access.organisation is None
    assert access.history.first().history_change_reason == "New post"
    assert access.history.first().history_user == office

    today = timezone.localdate()
    response = client.post(
        url(system, "access-end", pk=access.pk),
        {
            "ends_on_day": today.day,
            "ends_on_month": today.month,
            "ends_on_year": today.year,
            "reason": "Left the trust",
        },
    )
    assert response.status_code == 302
    access.refresh_from_db()
    assert access.ends_on == today and access.end_reason == "Left the trust"
    dana = get_user_model().objects.get(pk=dana.pk)
    assert authz.role_in(dana, system) is None
    page = client.get(url(system, "access-list")).content.decode()
    assert "Ended access" in page and "Left the trust" in page


def test_a_signed_in_invitee_with_the_address_accepts(client, office, system, other_system):
    someone = factories.UserFactory(username="erin", email="Erin@Example.nhs.uk")
    Access.objects.create(user=someone, system=other_system, role=Role.CHAIR)
    with scope([system]):
        services.invitation_create(
            actor=office, system=system, email="erin@example.nhs.uk", role=Role.CHAIR
        )
    invitation = Invitation._base_manager.get()
    # The token is not kept: make a fresh one to know it.
    raw = "known-token-for-the-test"
    Invitation._base_manager.filter(pk=invitation.pk).update(
        token_hash=services.hash_invitation_token(raw)
    )
    client.force_login(someone)
    assert "Accept the invitation" in client.get(f"/invitations/{raw}/").content.decode()
    assert client.post(f"/invitations/{raw}/").status_code == 302
    assert authz.role_in(get_user_model().objects.get(pk=someone.pk), system) == Role.CHAIR


def test_someone_else_signed_in_cannot_accept(client, office, chair, system):
    invitation = factories_invitation(office, system, "frank@example.nhs.uk")
    client.force_login(chair)
    page = client.post(f"/invitations/{invitation}/").content.decode()
    assert "not the one invited" in page
    assert Invitation._base_manager.get().accepted_at is None


def factories_invitation(office, system, email, role=Role.CHAIR) -> str:
    with scope([system]):
        invitation = services.invitation_create(actor=office, system=system, email=email, role=role)
    raw = f"raw-{invitation.pk}"
    Invitation._base_manager.filter(pk=invitation.pk).update(
        token_hash=services.hash_invitation_token(raw)
    )
    return raw


@pytest.mark.parametrize("state", ["expired", "revoked"])
def test_an_expired_or_revoked_link_says_so(client, office, system, state):
    raw = factories_invitation(office, system, "gus@example.nhs.uk")
    changes = (
        {"expires_at": timezone.now() - timedelta(days=1)}
        if state == "expired"
        else {"revoked_at": timezone.now()}
    )
    Invitation._base_manager.update(**changes)
    response = client.get(f"/invitations/{raw}/")
    assert response.status_code == 410
    assert state in response.content.decode()
    assert client.get("/invitations/nonsense/").status_code == 404


def test_revoke_and_resend(client, office, system, django_capture_on_commit_callbacks):
    factories_invitation(office, system, "hal@example.nhs.uk")
    invitation = Invitation._base_manager.get()
    client.force_login(office)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url(system, "invitation-resend", pk=invitation.pk)).status_code == 302
    assert len(mail.outbox) == 1
    page = client.post(url(system, "invitation-revoke", pk=invitation.pk), {"reason": ""})
    assert "Say why" in error_next_to(page.content.decode(), "reason")
    client.post(url(system, "invitation-revoke", pk=invitation.pk), {"reason": "Wrong person"})
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None and invitation.revoked_reason == "Wrong person"


# Guards -----------------------------------------------------------------------------------------


def test_no_one_changes_or_ends_their_own_access(client, office, chair, system):
    Access.objects.create(user=factories.UserFactory(), system=system, role=Role.PROGRAMME_OFFICE)
    own = Access.objects.get(user=office)
    with pytest.raises(ValidationError, match="own access"):
        services.access_end(
            actor=office, access=own, ends_on=timezone.localdate(), reason="Leaving"
        )
    client.force_login(office)
    assert client.get(url(system, "access-end", pk=own.pk)).status_code == 403
    assert client.get(url(system, "access-change", pk=own.pk)).status_code == 403


def test_the_last_programme_office_is_kept(office, system):
    operator = factories.UserFactory(is_superuser=True, is_staff=True)
    own = Access.objects.get(user=office)
    with pytest.raises(ValidationError, match="last programme office"):
        services.access_end(actor=operator, access=own, ends_on=timezone.localdate(), reason="x")
    with pytest.raises(ValidationError, match="last programme office"):
        services.access_change(actor=operator, access=own, role=Role.CHAIR, organisation=None)
    # Another office whose access ends before the date does not count.
    other = Access.objects.create(
        user=factories.UserFactory(),
        system=system,
        role=Role.PROGRAMME_OFFICE,
        ends_on=timezone.localdate() + timedelta(days=5),
    )
    with pytest.raises(ValidationError, match="last programme office"):
        services.access_end(
            actor=operator,
            access=own,
            ends_on=timezone.localdate() + timedelta(days=10),
            reason="x",
        )
    other.ends_on = None
    other.save()
    services.access_end(actor=operator, access=own, ends_on=timezone.localdate(), reason="Left")


def test_only_superusers_grant_the_regulator_role(client, office, regulator, system):
    with pytest.raises(ValidationError, match="platform operators"), scope([system]):
        services.invitation_create(
            actor=office, system=system, email="reg@example.nhs.uk", role=Role.REGULATOR
        )
    client.force_login(office)
    page = client.get(url(system, "access-invite")).content.decode()
    assert f'value="{Role.REGULATOR}"' not in page
    response = client.post(
        url(system, "access-invite"), {"email": "reg@example.nhs.uk", "role": Role.REGULATOR}
    )
    assert response.status_code == 200 and not Invitation._base_manager.exists()
    # A regulator's access is the operators' to change.
    access = Access.objects.get(user=regulator)
    assert client.get(url(system, "access-end", pk=access.pk)).status_code == 403
    operator = factories.UserFactory(is_superuser=True, is_staff=True)
    with scope([system]):
        services.invitation_create(
            actor=operator, system=system, email="reg@example.nhs.uk", role=Role.REGULATOR
        )


def test_a_partner_lead_needs_a_partner_of_this_system(client, office, system, other_system):
    elsewhere = factories.OrganisationFactory(name="Beta Trust")
    factories.PartnershipFactory(system=other_system, organisation=elsewhere)
    with pytest.raises(ValidationError), scope([system]):
        services.invitation_create(
            actor=office,
            system=system,
            email="ivy@example.nhs.uk",
            role=Role.PARTNER_LEAD,
            organisation=elsewhere,
        )
    client.force_login(office)
    response = client.post(
        url(system, "access-invite"), {"email": "ivy@example.nhs.uk", "role": Role.PARTNER_LEAD}
    )
    assert "Choose the organisation" in error_next_to(response.content.decode(), "organisation")


def test_another_systems_access_and_invitations_are_not_found(
    client, office, outsider, system, other_system
):
    theirs = Access.objects.get(user=outsider)
    leaver = Access.objects.create(
        user=factories.UserFactory(), system=other_system, role=Role.CHAIR
    )
    raw = factories_invitation(outsider, other_system, "jo@example.nhs.uk")
    assert raw
    invitation = Invitation._base_manager.get()
    client.force_login(office)
    for page in (
        url(system, "access-change", pk=leaver.pk),
        url(system, "access-end", pk=theirs.pk),
        url(system, "invitation-revoke", pk=invitation.pk),
        url(other_system, "access-list"),
    ):
        assert client.get(page).status_code == 404, page
    assert client.post(url(system, "invitation-resend", pk=invitation.pk)).status_code == 404


def test_no_form_offers_another_system(
    client, office, outsider, system, other_system, organisation
):
    elsewhere = factories.OrganisationFactory(name="Beta Only Trust")
    factories.PartnershipFactory(system=other_system, organisation=elsewhere)
    chair = Access.objects.create(user=factories.UserFactory(), system=system, role=Role.CHAIR)
    client.force_login(office)
    for page in (url(system, "access-invite"), url(system, "access-change", pk=chair.pk)):
        body = client.get(page).content.decode()
        assert organisation.name in body
        assert "Beta Only Trust" not in body and other_system.name not in body
        assert 'name="system"' not in body


def test_only_the_programme_office_sees_the_access_pages(client, chair, lead, regulator, system):
    for user in (chair, lead, regulator):
        client.force_login(user)
        assert client.get(url(system, "access-list")).status_code == 403
        assert client.get(url(system, "access-invite")).status_code == 403


# An access that has ended grants nothing -------------------------------------------------------


def test_an_access_past_its_end_grants_no_page_and_no_api(client, office, regulator, system):
    token = factories.api_token(regulator)
    api = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get(f"/api/v1/systems/{system.pk}/", **api).status_code == 200
    Access.objects.filter(user=regulator).update(ends_on=timezone.localdate())
    assert client.get(f"/api/v1/systems/{system.pk}/", **api).status_code == 404
    client.force_login(regulator)
    assert client.get(url(system, "organisation-list")).status_code == 404
    # One that ends later still grants today.
    Access.objects.filter(user=regulator).update(ends_on=timezone.localdate() + timedelta(days=1))
    assert client.get(url(system, "organisation-list")).status_code == 200
    assert authz.role_holder_ids(system, Role.REGULATOR).count() == 1


def test_inviting_again_after_access_ended_restores_it(office, chair, system):
    chair.email = "carol@example.nhs.uk"
    chair.save()
    access = Access.objects.get(user=chair)
    services.access_end(actor=office, access=access, ends_on=timezone.localdate(), reason="Left")
    with scope([system]):
        invitation = services.invitation_create(
            actor=office, system=system, email=chair.email, role=Role.CHAIR
        )
    services.invitation_accept(invitation=invitation, user=chair)
    access.refresh_from_db()
    assert access.ends_on is None and access.end_reason == ""
    assert authz.role_in(get_user_model().objects.get(pk=chair.pk), system) == Role.CHAIR


# The review --------------------------------------------------------------------------------------


def test_the_review_flags_inactive_people_and_is_confirmed(client, office, chair, system):
    get_user_model().objects.filter(pk=chair.pk).update(
        last_login=timezone.now() - timedelta(days=120)
    )
    client.force_login(office)
    page = client.get(url(system, "access-list")).content.decode()
    assert "No activity in 90 days" in page
    assert "Confirm this quarter" in page
    client.post(url(system, "access-review-confirm"), {"note": "Checked with HR"})
    review = AccessReview._base_manager.filter(system=system).get()
    assert review.confirmed_by == office and review.quarter == services.quarter_of(
        timezone.localdate()
    )
    page = client.get(url(system, "access-list")).content.decode()
    assert "This quarter's review is done" in page and "Checked with HR" in page


@pytest.mark.parametrize("count", [2, 15])
def test_the_access_list_costs_the_same_however_many(
    client, office, system, count, django_assert_num_queries
):
    for n in range(count):
        user = factories.UserFactory(username=f"person{n}")
        Access.objects.create(user=user, system=system, role=Role.CHAIR)
        Invitation._base_manager.create(
            system=system,
            email=f"p{n}@example.nhs.uk",
            role=Role.CHAIR,
            token_hash=f"{n:064x}",
            invited_by=office,
            created_at=timezone.now(),
            sent_at=timezone.now(),
            expires_at=timezone.now() + timedelta(days=1),
        )
    client.force_login(office)
    # The request's own (8), then the accesses, invitations, reviews and recent changes (4).
    with django_assert_num_queries(12):
        response = client.get(url(system, "access-list"))
    assert response.status_code == 200
    assert len(response.context["current"]) == count + 1


# What an attacker tried (a review of the access pages) ------------------------------------


def _second_office(system):
    return Access.objects.create(
        user=factories.UserFactory(), system=system, role=Role.PROGRAMME_OFFICE
    )


def test_offices_ending_each_other_on_later_days_leave_one_office(office, system):
    # Each end alone kept "another office", counted as at its own end date; together they
    # left none. An office already set to end no longer counts as the one that stays.
    second = _second_office(system)
    own = Access.objects.get(user=office)
    soon = timezone.localdate() + timedelta(days=5)
    services.access_end(actor=office, access=second, ends_on=soon, reason="Moving on")
    with pytest.raises(ValidationError, match="last programme office"):
        services.access_end(
            actor=second.user, access=own, ends_on=soon - timedelta(days=2), reason="x"
        )
    with pytest.raises(ValidationError, match="last programme office"):
        services.access_change(actor=second.user, access=own, role=Role.CHAIR, organisation=None)
    own.refresh_from_db()
    assert (own.role, own.ends_on) == (Role.PROGRAMME_OFFICE, None)


def test_an_ended_access_is_not_revived_by_ending_or_changing_it_again(office, chair, system):
    access = Access.objects.get(user=chair)
    services.access_end(actor=office, access=access, ends_on=timezone.localdate(), reason="Left")
    later = timezone.localdate() + timedelta(days=30)
    with pytest.raises(ValidationError, match="invite them again"):
        services.access_end(actor=office, access=access, ends_on=later, reason="Back")
    with pytest.raises(ValidationError, match="invite them again"):
        services.access_change(
            actor=office, access=access, role=Role.PROGRAMME_OFFICE, organisation=None
        )
    access.refresh_from_db()
    assert access.ends_on == timezone.localdate() and access.role == Role.CHAIR


def test_an_invitation_does_not_outlive_its_senders_access(client, office, system):
    _second_office(system)
    raw = factories_invitation(office, system, "ivy@example.nhs.uk", role=Role.PROGRAMME_OFFICE)
    remover = Access.objects.exclude(user=office).get(role=Role.PROGRAMME_OFFICE).user
    services.access_end(
        actor=remover,
        access=Access.objects.get(user=office),
        ends_on=timezone.localdate(),
        reason="Dismissed",
    )
    ivy = factories.UserFactory(username="ivy", email="ivy@example.nhs.uk")
    invitation = services.invitation_for_token(raw)
    with pytest.raises(ValidationError, match="can no longer give access"):
        services.invitation_accept(invitation=invitation, user=ivy)
    assert not Access.objects.filter(user=ivy).exists()


def test_an_invitation_does_not_replace_a_regulators_role(office, system):
    # Invited as chair; before accepting, a platform operator makes them the regulator.
    raw = factories_invitation(office, system, "reg@example.nhs.uk", role=Role.CHAIR)
    reg = factories.UserFactory(username="reg", email="reg@example.nhs.uk")
    Access.objects.create(user=reg, system=system, role=Role.REGULATOR)
    with pytest.raises(ValidationError, match="regulator"):
        services.invitation_accept(invitation=services.invitation_for_token(raw), user=reg)
    assert Access.objects.get(user=reg, system=system).role == Role.REGULATOR


def test_the_review_is_confirmed_once_a_quarter(client, office, system):
    client.force_login(office)
    for _ in range(2):  # a double click
        client.post(url(system, "access-review-confirm"), {"note": "Checked"})
    with scope([system]):
        assert AccessReview.objects.filter(system=system).count() == 1


def test_the_invitation_page_is_not_cached(client, office, system):
    raw = factories_invitation(office, system, "kim@example.nhs.uk")
    response = client.get(f"/invitations/{raw}/")
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
