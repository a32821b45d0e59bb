"""Erasing a person reaches what sign-in holds about them outside the project's own tables: the
single sign-on account linked (the provider's subject and claims), the e-mail address, the
two-factor authenticators, and each browser signed in as them (address and browser, history
too); a subject access file lists them."""

import json
import zipfile
from io import BytesIO

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount

from accounts.models import UserSession
from core.audit import save_tracked
from core.roles import Role
from partners.models import Access
from partners.privacy import person_erase, subject_access_file
from tests import factories as f
from tests import record_factories as rf

pytestmark = pytest.mark.usefixtures("no_scope")


@pytest.fixture
def member(system):
    user = f.UserFactory(username="dana.scully", email="dana.scully@x.nhs.uk")
    Access.objects.create(user=user, system=system, role=Role.CHAIR)
    SocialAccount.objects.create(
        user=user,
        provider="nhsmail",
        uid="subject-4471",
        extra_data={"name": "Dana Scully", "email": "dana.scully@x.nhs.uk"},
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    session = rf.UserSessionFactory.build(user=user, ip_address="198.51.100.7")
    save_tracked(session, actor=user, reason="Signed in")
    return f.PersonFactory(system=system, name="Dana Scully", email=user.email, user=user)


def test_the_subject_access_file_lists_sign_in_and_browsers(office, system, member):
    content, _ = subject_access_file(
        actor=office, person=member, every_system=False, reason="SAR-12"
    )
    data = json.loads(zipfile.ZipFile(BytesIO(content)).read("personal-data.json"))
    text = json.dumps(data)
    assert "subject-4471" in text and "Two-factor" in text
    assert "198.51.100.7" in text


def test_erasure_forgets_sign_in_and_ends_every_browser(office, system, member):
    user = member.user
    person_erase(actor=office, person=member, reason="SAR-12: agreed", every_system=False)
    # The provider's subject stays, tied to the closed account; its claims are gone.
    assert list(SocialAccount.objects.filter(user=user).values_list("uid", "extra_data")) == [
        ("subject-4471", {})
    ]
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Authenticator.objects.filter(user=user).exists()
    assert not UserSession.objects.filter(user=user).exists()
    history = UserSession.history.filter(user_id=user.pk)
    assert history.exists()  # who signed in and out stays, without where from
    assert set(history.values_list("ip_address", "device")) == {(None, "")}
