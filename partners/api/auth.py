"""Authentication, throttling and scoping shared by every API endpoint."""

import math
import time

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import (
    BaseAuthentication,
    SessionAuthentication,
    get_authorization_header,
)
from rest_framework.permissions import BasePermission
from rest_framework.throttling import BaseThrottle

from core import authz, tokens
from core.counters import count_event
from partners.api.tokens import token_lookup
from partners.models import ApiToken


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
        tokens.note_use(token)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class ReadOnlyRoleSessionAuthentication(SessionAuthentication):
    """A browser session reaches the data endpoints only for a read-only role that browses
    them (``authz.may_use_api_session``); any other signed-in user is anonymous to the API and
    uses a token. CSRF is still enforced on anything but a safe method."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None or not authz.may_use_api_session(result[0]):
            return None
        return result


class ApiDocsPermission(BasePermission):
    """The schema and its documentation: for anyone signed in, or everyone if API_DOCS_PUBLIC."""

    def has_permission(self, request, view):
        return settings.API_DOCS_PUBLIC or bool(request.user and request.user.is_authenticated)


class TokenRateThrottle(BaseThrottle):
    """At most ``API_RATE_LIMIT`` requests (e.g. "600/minute") per token in each window of the
    period (per user for a signed-in browser session), counted with one increment of a number
    in the cache (``core.counters``: one atomic round trip to Redis). DRF's SimpleRateThrottle
    instead reads and rewrites the list of every request time in the period, which grows with
    the limit and loses requests that race. A window starts on the clock, so for a moment
    around its start a token can reach twice the rate; the limit protects the service, it is
    not a quota."""

    scope = "token"

    def allow_request(self, request, view):
        rate = settings.API_RATE_LIMIT
        if not rate:
            return True
        self.limit, self.period = parse_rate(rate)
        self.now = time.time()
        window = int(self.now // self.period)
        self.window_ends = (window + 1) * self.period
        key = f"throttle_{self.scope}_{self.ident(request)}_{window}"
        count = count_event(key, timeout=math.ceil(self.window_ends - self.now) + 1)
        return count <= self.limit

    def wait(self):
        """Seconds until the next window opens."""
        return max(self.window_ends - self.now, 1)

    def ident(self, request) -> str:
        if isinstance(request.auth, ApiToken):
            return f"token-{request.auth.pk}"
        if request.user and request.user.is_authenticated:
            return f"user-{request.user.pk}"
        return self.get_ident(request)


PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """A rate such as "600/minute" as (600, 60): requests, and the period in seconds (read from
    the period's first letter)."""
    number, period = rate.split("/")
    return int(number), PERIODS[period[0]]


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "partners.api.auth.ApiTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token: `python manage.py issue_api_token USERNAME`.",
        }


class ReadOnlyRoleSessionScheme(OpenApiAuthenticationExtension):
    target_class = "partners.api.auth.ReadOnlyRoleSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "A signed-in browser session: regulators and chairs only.",
        }
