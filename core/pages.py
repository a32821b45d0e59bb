"""What every system page shares: the system from the URL (404 when the user may not see it),
the user's role in it, and the header's system switcher. Each app's views build on this."""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from core import as_recorded, authz
from core.forms import select_options
from core.reporting_date import PARAMETER as AS_AT
from core.reporting_date import banner, reporting_date
from core.tenancy import tenant_model


def system_view(view: Callable) -> Callable:
    """Resolve ``slug`` to a system the user may see and call ``view(request, system, ...)``."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args, **kwargs):
        system = authz.get_visible_or_404(request.user, tenant_model(), slug=slug)
        request.system = system
        request.as_at = reporting_date(request, system)
        if request.session.get("system") != system.slug:
            request.session["system"] = system.slug  # the landing page returns here
        return view(request, system, *args, **kwargs)

    return wrapper


def require(allowed: bool) -> None:
    """Refuse a write the user's role does not allow (they can see the page, so 403, not 404)."""
    if not allowed:
        raise PermissionDenied("Your role does not allow this change.")


def tracker(request: HttpRequest) -> dict:
    """Template context for the header: the current system, the user's role and other systems."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    system = getattr(request, "system", None)
    systems = list(authz.visible_systems(user).only("slug", "short_name", "name"))
    context = {
        "user_systems": systems,
        # The switcher's options written in one pass (a regulator's has one for every system).
        "system_options": select_options(
            [(s.slug, s.short_name) for s in systems], [system.slug] if system else []
        ),
        "offers_overview": authz.oversees_several(user, systems),
    }
    if system is not None:
        context.update(
            system=system,
            role_label=authz.role_label(user, system),
            # As recorded on a past date (core.as_recorded) a page is read-only: no page offers
            # a change there, whichever role reads it.
            can_administer=authz.can_administer(user, system)
            and as_recorded.recorded_on(request) is None,
            can_use_token_page=authz.can_use_token_page(user, system),
            **banner(request),
            **as_recorded.banner(request),
        )
        context["dates_query"] = dates_query(context)
    return context


def dates_query(context: dict) -> str:
    """The page's chosen dates (``?as_at=`` and ``?recorded_on=``) as a query to end a link to
    another page of the system (a register's row, a related record, "Clear filters"), so that
    page is read as at and as recorded on the same dates; empty when none was chosen."""
    chosen = [
        (name, context[key])
        for name, key in ((AS_AT, "as_at_param"), (as_recorded.PARAMETER, "recorded_param"))
        if context.get(key)
    ]
    return f"?{urlencode(chosen)}" if chosen else ""
