"""Authentication, throttling and scoping shared by every API endpoint."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.throttling import SimpleRateThrottle

from partners.api.tokens import token_lookup
from partners.models import ApiToken

# The tokens page shows the last use to the minute: a token used again within the minute keeps
# its recorded time.
LAST_USE_PRECISION = timedelta(minutes=1)


class ApiTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer <token>``."""

    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the header as: Authorization: Bearer TOKEN."
            )
        token = token_lookup(parts[1].decode("latin-1"))
        if token is None:
            raise exceptions.AuthenticationFailed("This token is unknown, expired or revoked.")
        note_use(token)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


def note_use(token: ApiToken) -> None:
    """Record the token's last use, unless the time read with it is still within the minute:
    then a busy token's requests cost no statement at all. Recorded without history or a save
    signal (a timestamp, not a change to the token), and conditional in SQL as well, so that
    requests racing past the first check still write the row once."""
    now = timezone.now()
    if token.last_used_at is not None and token.last_used_at > now - LAST_USE_PRECISION:
        return
    ApiToken.objects.filter(
        Q(last_used_at=None) | Q(last_used_at__lte=now - LAST_USE_PRECISION), pk=token.pk
    ).update(last_used_at=now)


class TokenRateThrottle(SimpleRateThrottle):
    """A rate limit per token (per user for a signed-in browser session)."""

    scope = "token"

    def get_rate(self):
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
