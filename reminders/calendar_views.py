"""The calendar page (the signed-in person makes, replaces or stops their address) and the feed
itself, which a calendar client fetches with no session: the token in the address is the key."""

import math
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from core import authz, ical, tokens
from core.counters import count_event
from reminders.calendar_feed import feed_calendar
from reminders.calendar_tokens import (
    calendar_token_create,
    calendar_token_in_use,
    calendar_token_lookup,
    calendar_token_revoke,
)

# Fetches one address may make in an hour: clients poll every few minutes at the most (Apple's
# shortest choice is 5 minutes; Outlook about every 3 hours), so only a runaway client reaches it.
FETCHES_PER_HOUR = 60
HOUR = 3600


def _base_url(request) -> str:
    return settings.SITE_URL or f"{request.scheme}://{request.get_host()}"


def _throttled(raw: str) -> int | None:
    """Seconds to wait when the address has been fetched too often this hour, else None. The
    count is kept by the token's hash before it is looked up, so a known token and an unknown
    one are counted, and answered, alike."""
    now = time.time()
    window = int(now // HOUR)
    ends = (window + 1) * HOUR
    key = f"throttle_calendar_{tokens.hash_token(raw[:100])}_{window}"
    if count_event(key, timeout=math.ceil(ends - now) + 1) <= FETCHES_PER_HOUR:
        return None
    return max(math.ceil(ends - now), 1)


@require_safe  # a client may ask HEAD first
def calendar_feed(request, token: str):
    wait = _throttled(token)
    if wait is not None:
        response = HttpResponse(
            "Too many requests for this calendar.", status=429, content_type="text/plain"
        )
        response["Retry-After"] = str(wait)
        return response
    found = calendar_token_lookup(token)
    if found is None:
        # Unknown, revoked or its holder's account closed: the same few bytes. A calendar
        # client shows no page, and the site's 404 page would differ by its nonce.
        return HttpResponseNotFound("No such calendar.", content_type="text/plain")
    tokens.note_use(found)
    body = feed_calendar(found.user, host=request.get_host(), base_url=_base_url(request))
    response = HttpResponse(body, content_type=ical.CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="governance-tracker.ics"'
    # Private: a shared cache would keep serving it after the address is revoked. no-cache:
    # the client asks again each time and gets 304 while nothing changed (the ETag).
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache  # the page shows a new address once: no cache may keep it
@login_required
def calendar_page(request):
    made = None
    if request.method == "POST":
        _, raw = calendar_token_create(actor=request.user, user=request.user)
        made = _base_url(request) + reverse("reminders:calendar-feed", args=[raw])
    context = {
        "token": calendar_token_in_use(request.user),
        "made": made,
        "webcal": made and "webcal://" + made.split("://", 1)[1],
        "systems": authz.visible_systems(request.user).order_by("short_name"),
    }
    return render(request, "reminders/calendar_page.html", context)


@require_POST
@login_required
def calendar_revoke(request):
    token = calendar_token_in_use(request.user)
    if token is not None:
        calendar_token_revoke(actor=request.user, token=token, reason="Stopped by its holder")
        messages.success(request, "Your calendar address no longer works.")
    return redirect("reminders:calendar")
