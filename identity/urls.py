"""Sign-in's addresses: allauth's, less what this service does not offer.

No one signs themselves up, changes the e-mail address their invitations and single sign-on
are matched by, gives an account made for single sign-on a password, or resets a password by
e-mail (the programme office or the platform's operators do): those addresses are not found.
Its sign-in and sign-out addresses lead to the service's own (/login/, /logout/). The OpenID
Connect callback is allauth's, with the stricter adapter (identity.oidc).
"""

from django.http import Http404
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from identity import oidc, views


def not_offered(request, *args, **kwargs):
    raise Http404("Not offered here.")


urlpatterns = [
    # One sign-in page and one way out (which ends a provider's session too).
    path("login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("logout/", views.sign_out),
    path("signup/", not_offered),
    path("email/", not_offered),
    re_path(r"^confirm-email/", not_offered),
    path("password/set/", not_offered),
    re_path(r"^password/reset/", not_offered),
    path("login/code/confirm/", not_offered),
    path("3rdparty/signup/", not_offered),
    path("oidc/<str:provider_id>/login/callback/", oidc.callback),
    path("", include("allauth.urls")),
]
