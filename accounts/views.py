"""The account page of whoever is signed in, and its actions: ending one of their sessions or
all the others, and revoking an API token they hold. A person reaches only their own sessions and
tokens: anyone else's id is not found (404)."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import querysets, services
from accounts.models import UserSession
from accounts.session_keys import fingerprint
from core import authz
from partners.models import ApiToken, System
from partners.services import token_revoke as revoke_token


@never_cache
@login_required
def account(request):
    user = request.user
    context = {
        "accesses": querysets.accesses_of(user),
        "operator": authz.is_platform_operator(user),
        "sessions": querysets.signed_in_sessions(user, current_key=request.session.session_key),
        "tokens": querysets.tokens_held(user),
        "token_systems": System.objects.filter(pk__in=authz.own_token_system_ids(user)).order_by(
            "short_name"
        ),
        "now": timezone.now(),
    }
    return render(request, "accounts/account.html", context)


@require_POST
@login_required
def session_end(request, pk: int):
    user_session = get_object_or_404(UserSession.objects.filter(user=request.user), pk=pk)
    if user_session.key_hash == fingerprint(request.session.session_key)[0]:
        logout(request)  # ending this browser's own session is signing out
        return redirect("login")
    services.session_end(
        actor=request.user, user_session=user_session, reason="Signed out from another browser"
    )
    messages.success(request, f"{user_session.device or 'That browser'} is signed out.")
    return redirect("accounts:account")


@require_POST
@login_required
def sessions_end_others(request):
    ended = services.sessions_end_others(
        actor=request.user, current_key=request.session.session_key
    )
    if ended:
        messages.success(request, "You are signed out everywhere except in this browser.")
    else:
        messages.info(request, "You were not signed in anywhere else.")
    return redirect("accounts:account")


@require_POST
@login_required
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)
    revoke_token(actor=request.user, token=token, reason="Revoked by its holder")
    messages.success(request, f"Token {token.prefix}… revoked: it no longer reads the API.")
    return redirect("accounts:account")
