"""Create forms that are safe to submit twice: a double click, a resubmitted page or a retry
after a timeout creates one record, and the second submission is sent where the first was.

Every create form carries a one-time token (``{% form_token %}`` in ``includes/form_guard.html``).
``@submitted_once`` on the view records the token in a row with a unique key, in the same
transaction as whatever the view creates: a second submission of the token cannot insert it
again (on PostgreSQL it waits for the first to commit or roll back), so it is redirected to
the record the first one created instead of creating another. A submission that creates
nothing (a form with errors) rolls its token back, so the corrected form can be sent again.

A POST without a token (an API client, a script, a test that posts fields directly) is served
as before, unprotected; a malformed token counts as none. Tokens are kept a day.
"""

import re
import secrets
from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from core.models import FormSubmission

FIELD = "form_token"
_TOKEN = re.compile(r"[0-9a-f]{32}")
KEPT_FOR = timedelta(days=1)
REDIRECTS = (301, 302, 303, 307, 308)


def new_token() -> str:
    return secrets.token_hex(16)


def posted_token(request: HttpRequest) -> str | None:
    """The well-formed token the request posted, or None."""
    if request.method != "POST":
        return None
    value = request.POST.get(FIELD, "")
    return value if _TOKEN.fullmatch(value) else None


def submitted_once(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a create view so that one form token creates at most one record."""

    @wraps(view)
    def once(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        token = posted_token(request)
        if token is None:
            return view(request, *args, **kwargs)
        user = request.user if request.user.is_authenticated else None
        with transaction.atomic():
            try:
                with transaction.atomic():
                    FormSubmission.objects.create(key=token, user=user)
            except IntegrityError:
                return _sent_before(request, token, user)
            response = view(request, *args, **kwargs)
            if response.status_code in REDIRECTS and response.has_header("Location"):
                FormSubmission.objects.filter(key=token).update(location=response["Location"])
                FormSubmission.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
            else:
                # Nothing was created: free the token for the corrected form.
                transaction.set_rollback(True)
            return response

    once.submitted_once = True  # the walk over create views checks for it
    return once


def _sent_before(request: HttpRequest, token: str, user) -> HttpResponse:
    first = FormSubmission.objects.filter(key=token).first()
    if first is not None and first.location and first.user_id == getattr(user, "pk", None):
        messages.info(request, "This form had already been sent: here is what it saved.")
        return redirect(first.location)
    # Another person's token, or one whose submission is lost: show the form afresh.
    messages.warning(request, "This form had already been sent. Check the details and send again.")
    return redirect(request.get_full_path())
