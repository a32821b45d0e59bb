"""Security events (``core.models.SecurityEvent``): signing in, failing to, being locked out,
two-factor methods added or removed, access granted, changed, ended or removed, API tokens
issued, extended or revoked, and requests refused (403). Each says when, what, who acted, whom
it affected, the systems it concerns, the client's address and browser, and a short detail.

Writing one never breaks the action it records: it goes in a savepoint of whatever transaction
is open (a grant rolled back takes its event with it) and an error is logged, not raised. No
password, token or session key is written: only the user name typed, never the credentials.

The signals of django.contrib.auth, django-axes and django-allauth's two-factor app reach the
receivers below (connected by ``core.apps``); the services of partners call ``record`` with
their records; ``SecurityEventMiddleware`` records 403 answers and lets ``record`` find the
client of the request it runs in.

Retention: ``occurred_at`` is indexed, so a purge by age is one ranged delete,
``SecurityEvent.objects.filter(occurred_at__lt=cutoff).delete()`` (the rows linking an event
to its systems go with it).
"""

import functools
import ipaddress
import logging
from collections.abc import Iterable
from contextvars import ContextVar

from axes.helpers import get_cool_off, get_failure_limit
from django.contrib.auth import get_user_model
from django.db import transaction

from core import authz
from core.client_ip import client_ip
from core.models import SecurityEvent

Kind = SecurityEvent.Kind
logger = logging.getLogger(__name__)

_field_length = {
    name: SecurityEvent._meta.get_field(name).max_length
    for name in ("username", "user_agent", "detail")
}
# The request being answered, for events recorded by code that is not handed it (services).
_request: ContextVar = ContextVar("security_event_request", default=None)

BACKEND_WORDS = {"django.contrib.auth.backends.ModelBackend": "With a user name and password"}


def record(
    kind: str,
    *,
    user=None,
    subject=None,
    systems: Iterable = (),
    username: str = "",
    detail: str = "",
    request=None,
) -> SecurityEvent | None:
    """Write one event; ``systems`` are instances or ids. ``request`` defaults to the one being
    answered, if any. Returns the event, or None when it could not be written."""
    request = request if request is not None else _request.get()
    user, subject = _saved(user), _saved(subject)
    if subject is not None and user is not None and subject.pk == user.pk:
        subject = None
    system_ids = {s if isinstance(s, int) else s.pk for s in systems}
    try:
        with transaction.atomic():
            event = SecurityEvent.objects.create(
                kind=kind,
                user=user,
                subject=subject,
                username=_text(username, "username"),
                ip_address=_address(request),
                user_agent=_text(_header(request, "HTTP_USER_AGENT"), "user_agent"),
                detail=_text(detail, "detail"),
            )
            if system_ids:
                event.systems.add(*system_ids)
    except Exception:
        logger.exception("The security event %r could not be recorded", kind)
        return None
    return event


def systems_of(user) -> list[int]:
    """The systems the user's accesses grant at this moment (a platform operator's own
    accesses only, not every system): whose programme offices see their account's events."""
    if _saved(user) is None:
        return []
    accesses = authz.current_accesses().filter(user=user).order_by()
    return list(accesses.values_list("system_id", flat=True))


def never_raises(receiver):
    """A receiver whose own failure (a lookup, not only the write) is logged, never raised into
    the sign-in or request it listens to."""

    @functools.wraps(receiver)
    def wrapper(*args, **kwargs):
        try:
            receiver(*args, **kwargs)
        except Exception:
            logger.exception("A security event could not be recorded by %s", receiver.__name__)

    return wrapper


def _saved(user):
    return user if getattr(user, "pk", None) is not None else None


def _text(value, field: str) -> str:
    """Text as its column holds it: no NUL (PostgreSQL refuses it), cut with an ellipsis."""
    text = str(value or "").replace("\x00", "").strip()
    limit = _field_length[field]
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _header(request, name: str) -> str:
    return getattr(request, "META", {}).get(name, "") if request is not None else ""


def _address(request) -> str | None:
    """The client's address (``core.client_ip``, which knows the trusted proxies), or None when
    there is none or it is no IP address (a forwarded header says what it likes)."""
    if request is None or not hasattr(request, "META"):
        return None
    try:
        return str(ipaddress.ip_address((client_ip(request) or "").strip()))
    except ValueError:
        return None


def _account(typed: str):
    """The account a sign-in attempt named: its user name, else an e-mail address only one
    account has. None for a name no account has."""
    typed = typed.replace("\x00", "")
    if not typed:
        return None
    users = get_user_model()._default_manager
    account = users.filter(**{get_user_model().USERNAME_FIELD: typed}).first()
    if account is None and "@" in typed:
        found = list(users.filter(email__iexact=typed)[:2])
        account = found[0] if len(found) == 1 else None
    return account


def _typed(credentials) -> str:
    credentials = credentials or {}
    name = get_user_model().USERNAME_FIELD
    return str(
        credentials.get(name) or credentials.get("username") or credentials.get("email") or ""
    )


# --- Signing in (django.contrib.auth, django-axes) -------------------------------------------


@never_raises
def on_signed_in(sender, request=None, user=None, **kwargs) -> None:
    """Every way of signing in: the form, the admin's, an invitation taken up, single sign-on."""
    backend = getattr(user, "backend", "") or ""
    how = BACKEND_WORDS.get(backend, backend.rsplit(".", 1)[-1])
    record(Kind.SIGN_IN, user=user, systems=systems_of(user), detail=how, request=request)


@never_raises
def on_sign_in_failed(sender, credentials=None, request=None, **kwargs) -> None:
    """Every refused attempt, a user name no account has included (then of no system)."""
    typed = _typed(credentials)
    account = _account(typed)
    detail = "No account has this user name" if account is None else "Not accepted"
    if getattr(request, "axes_locked_out", False):
        detail += "; locked out"
    record(
        Kind.SIGN_IN_FAILED,
        user=account,
        username=typed,
        systems=systems_of(account),
        detail=detail,
        request=request,
    )


@never_raises
def on_locked_out(sender, request=None, username=None, **kwargs) -> None:
    """The attempt that locks a user name out at an address. Axes signals again at each attempt
    while it lasts (each restarts the wait): those are recorded as failures, "locked out"."""
    credentials = getattr(request, "axes_credentials", None) or {"username": username}
    failures = getattr(request, "axes_failures_since_start", None)
    limit = get_failure_limit(request, credentials)
    if failures is not None and failures > limit:
        return
    typed = _typed(credentials) or str(username or "")
    account = _account(typed)
    wait = get_cool_off(request)
    detail = f"{failures or limit} failed attempts"
    if wait is not None:
        detail += f": refused at this address for {int(wait.total_seconds() // 60)} minutes"
    record(
        Kind.LOCKED_OUT,
        user=account,
        username=typed,
        systems=systems_of(account),
        detail=detail,
        request=request,
    )


# --- Two-factor methods (django-allauth's mfa app, when installed) ---------------------------


def _two_factor(kind: str):
    def receiver(sender, request=None, user=None, authenticator=None, **kwargs) -> None:
        acting = getattr(request, "user", None)
        actor = acting if getattr(acting, "is_authenticated", False) else user
        method = getattr(authenticator, "get_type_display", None)
        record(
            kind,
            user=actor,
            subject=user,
            systems=systems_of(user),
            detail=str(method() if method else getattr(authenticator, "type", "")),
            request=request,
        )

    receiver.__name__ = f"on_{kind}"
    return never_raises(receiver)


on_two_factor_added = _two_factor(Kind.TWO_FACTOR_ADDED)
on_two_factor_removed = _two_factor(Kind.TWO_FACTOR_REMOVED)
on_two_factor_reset = _two_factor(Kind.TWO_FACTOR_RESET)


def connect_two_factor() -> None:
    """Listen to allauth.mfa's signals (only importable when the app is installed)."""
    from allauth.mfa import signals

    for signal, receiver in (
        (signals.authenticator_added, on_two_factor_added),
        (signals.authenticator_removed, on_two_factor_removed),
        (signals.authenticator_reset, on_two_factor_reset),
    ):
        signal.connect(receiver, dispatch_uid=f"core.security.{receiver.__name__}")


# --- Requests refused ------------------------------------------------------------------------


@never_raises
def record_refusal(request) -> None:
    """A 403 answered to someone signed in: on a system's page, that system's; elsewhere (the
    API, the admin) every system the person has access to. A request for a system's page that
    never reached the system (refused before it, e.g. a form's CSRF check) is of no system:
    the address could name a system the person may not see. Another system's records are 404
    by design, and a 404 is not recorded."""
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return
    match = getattr(request, "resolver_match", None)
    system = getattr(request, "system", None)
    if system is not None:
        systems = [system.pk]
    elif match is not None and "slug" in match.kwargs:
        systems = []
    else:
        systems = systems_of(user)
    detail = f"{request.method} {_path_without_secrets(request.path, match)}"
    record(Kind.PERMISSION_DENIED, user=user, systems=systems, detail=detail, request=request)


def _path_without_secrets(path: str, match) -> str:
    """The path, with any part of it that is a secret (an invitation's or a link's token)
    replaced, so that no token is kept."""
    for name, value in match.kwargs.items() if match is not None else ():
        if "token" in name and value:
            path = path.replace(str(value), "\u2026")
    return path


class SecurityEventMiddleware:
    """Records each 403 answer (a page's ``core.pages.require``, the API's, the admin's, a
    failed CSRF check), and keeps the request at hand for the events a service records."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            response = self.get_response(request)
            if response.status_code == 403:
                record_refusal(request)
        finally:
            _request.reset(token)
        return response
