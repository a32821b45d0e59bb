"""Sessions end after a spell without activity and after an absolute lifetime.

The session records when its user signed in and when they were last active (seconds since the
epoch). A request past either limit is served as anonymous: pages send the user to sign in
again, the API answers 401/403. Pages show a warning before the idle limit with a way to stay
signed in (WCAG 2.2.1), driven by static/js/session-timeout.js and the status view below.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

SIGNED_IN_AT = "_signed_in_at"
ACTIVE_AT = "_active_at"
# Activity is written to the session at most once a minute, so that browsing does not cost a
# session write per request; an idle limit measured in minutes loses nothing by it.
ACTIVITY_RESOLUTION = 60


def now() -> int:
    return int(time.time())


def start_session_clock(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = request.session[ACTIVE_AT] = now()


def remaining(session, at: int) -> tuple[int, int]:
    """Seconds left before the idle limit and before the absolute lifetime."""
    idle = settings.SESSION_IDLE_TIMEOUT - (at - session.get(ACTIVE_AT, at))
    lifetime = settings.SESSION_ABSOLUTE_LIFETIME - (at - session.get(SIGNED_IN_AT, at))
    return idle, lifetime


def passive(view):
    """Mark a view whose GET requests do not count as activity (the timeout's own status)."""
    view.session_passive = True
    return view


class SessionTimeoutMiddleware:
    """After AuthenticationMiddleware and MessageMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            at = now()
            # Sessions from before this rule start their clocks now.
            request.session.setdefault(SIGNED_IN_AT, at)
            request.session.setdefault(ACTIVE_AT, at)
            idle, lifetime = remaining(request.session, at)
            if idle <= 0 or lifetime <= 0:
                return self.signed_out(request, idle_ended=lifetime > 0)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        if request.method == "GET" and getattr(view_func, "session_passive", False):
            return None
        at = now()
        if at - request.session.get(ACTIVE_AT, 0) >= ACTIVITY_RESOLUTION:
            request.session[ACTIVE_AT] = at
        return None

    def signed_out(self, request, *, idle_ended: bool):
        logout(request)
        if idle_ended:
            minutes = settings.SESSION_IDLE_TIMEOUT // 60
            text = f"You were signed out after {minutes} minutes without activity."
        else:
            hours = settings.SESSION_ABSOLUTE_LIFETIME // 3600
            text = f"You were signed out because you had been signed in for {hours} hours."
        messages.info(request, f"{text} Sign in again to continue.")
        if request.headers.get("HX-Request"):
            # A fragment swap would put the sign-in page inside the page: load it whole.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = redirect_to_login(request.get_full_path()).url
            return response
        return self.get_response(request)


@never_cache
@require_http_methods(["GET", "POST"])
@passive
def session_status(request):
    """GET: how long the session has left (not itself activity). POST: stay signed in."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False}, status=401)
    at = now()
    if request.method == "POST":
        request.session[ACTIVE_AT] = at
    idle, lifetime = remaining(request.session, at)
    return JsonResponse({"signed_in": True, "idle_seconds": idle, "lifetime_seconds": lifetime})


def session_timeout(request) -> dict:
    """Context processor: what the warning component needs on a signed-in page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "session"):
        return {}
    idle, lifetime = remaining(request.session, now())
    return {
        "session_timeout": {
            "idle_seconds": idle,
            "lifetime_seconds": lifetime,
            "warning_seconds": settings.SESSION_TIMEOUT_WARNING,
        }
    }
