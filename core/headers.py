"""Response headers every page gets: what the browser may use, and what it may keep."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers


def permissions_policy(policy: dict[str, list[str]]) -> str:
    """``{"camera": [], "fullscreen": ["self"]}`` -> ``camera=(), fullscreen=(self)``."""
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in policy.items())


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; and ``Cache-Control: no-store`` on every response
    to a signed-in browser session unless the view chose its own caching, because every such
    page names the user and most show personal data (people, access, API tokens)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        # Read before the view: the API sets request.user to a token's holder, and a token
        # client's responses keep their ETags (no-store would drop them).
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        if signed_in and "Cache-Control" not in response:
            add_never_cache_headers(response)
        return response
