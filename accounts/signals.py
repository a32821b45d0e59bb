"""Sign-in and sign-out, however they happen, keep the session records (accounts.apps)."""

from accounts import services


def signed_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        services.session_record_start(request=request, user=user)


def signed_out(sender, request, user, **kwargs) -> None:
    if request is not None and user is not None and hasattr(request, "session"):
        services.session_record_forget(request=request, user=user)
