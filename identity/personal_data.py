"""What sign-in (django-allauth) holds about people: the single sign-on accounts linked to
theirs (the provider's subject and claims), their e-mail addresses and their two-factor
authenticators. The subject access section (core.subject_access) and what an erasure forgets
(core.erasure): allauth's tables are not the project's, so its sweep of text does not reach them."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount

from core.erasure import Erasure, after_erase
from core.subject_access import Subject, section


@section("Single sign-on and two-factor sign-in", order=71)
def sign_in(subject: Subject) -> list[dict]:
    if subject.user is None:
        return []
    linked = SocialAccount.objects.filter(user=subject.user).order_by("pk")
    rows = [
        {
            "What": f"Single sign-on ({a.provider})",
            "Identifier": a.uid,
            "Since": a.date_joined,
            "Last used": a.last_login,
        }
        for a in linked
    ]
    factors = Authenticator.objects.filter(user=subject.user).order_by("pk")
    rows += [
        {
            "What": f"Two-factor: {f.get_type_display()}",
            "Identifier": "",
            "Since": f.created_at,
            "Last used": f.last_used_at,
        }
        for f in factors
    ]
    return rows


@after_erase
def forget_sign_in(erasure: Erasure) -> None:
    """The closed account keeps no way in and no provider's claims about the person. The
    provider's subject (an opaque identifier) stays linked to the closed account, so signing in
    through it again finds an account that may not sign in: never a new one from an invitation
    made before the erasure."""
    if erasure.user_id is None:
        return
    SocialAccount.objects.filter(user_id=erasure.user_id).update(extra_data={})
    EmailAddress.objects.filter(user_id=erasure.user_id).delete()
    Authenticator.objects.filter(user_id=erasure.user_id).delete()
