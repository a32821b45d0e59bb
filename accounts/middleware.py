"""Notes each signed-in session's use in its record, at most once a minute (as
``core.sessions`` notes activity), so a busy browser costs one write a minute, not one a page."""

from accounts.services import session_record_seen
from accounts.session_keys import SEEN_AT
from core.sessions import ACTIVITY_RESOLUTION, now


class SessionRecordMiddleware:
    """After core.sessions.SessionTimeoutMiddleware (a timed-out session is signed out first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated or request.session.session_key is None:
            return None
        if request.method == "GET" and getattr(view_func, "session_passive", False):
            return None  # the timeout warning asking how long is left is not use
        at = now()
        if at - request.session.get(SEEN_AT, 0) >= ACTIVITY_RESOLUTION:
            request.session[SEEN_AT] = at
            session_record_seen(request=request)
        return None
