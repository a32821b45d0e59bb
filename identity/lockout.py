"""The sign-in lockout (django-axes) for the secrets allauth checks itself, not through
``authenticate``: a two-factor code (identity.mfa) and the current password asked for to
change it. A wrong one counts as a failed sign-in for the username at the address, as a wrong
password at the sign-in form does; once locked out there, none is checked until it ends."""

from collections.abc import Callable

from allauth.account.adapter import get_adapter
from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.core import context
from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError


def counted(user, check: Callable[[], str], refusal: ValidationError) -> str:
    """``check()``, which raises ValidationError for a wrong secret, as a sign-in of ``user``'s:
    ``refusal`` while they are locked out here, and a failure counted."""
    request = context.request
    credentials = {"username": user.get_username()}
    if not AxesProxyHandler.is_allowed(request, credentials):
        # AxesMiddleware answers with the lockout page.
        request.axes_locked_out, request.axes_credentials = True, credentials
        raise refusal
    try:
        return check()
    except ValidationError:
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        raise


class ChangePasswordForm(AllauthChangePasswordForm):
    def clean_oldpassword(self) -> str:
        refusal = get_adapter().validation_error("enter_current_password")
        return counted(self.user, super().clean_oldpassword, refusal)
