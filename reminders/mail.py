"""A reminder e-mail: plain text and HTML from templates, with a link to each record, to the
person's notification settings and, for each kind they may stop, a one-click unsubscribe link.

The unsubscribe link carries the person and the kind signed with the site's key
(``django.core.signing``): it works without signing in, and cannot be made for anyone else.
"""

from collections.abc import Sequence
from email.utils import make_msgid

from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from core import due
from reminders.models import Reminder

UNSUBSCRIBE_SALT = "reminders.unsubscribe"
# Where `make run` serves the app: links in development when SITE_URL is not set.
DEVELOPMENT_SITE_URL = "http://127.0.0.1:8000"


def site_url() -> str:
    """The start of every link in an e-mail: a task has no request to take it from."""
    if settings.SITE_URL:
        return settings.SITE_URL
    if settings.DEBUG:
        return DEVELOPMENT_SITE_URL
    raise ImproperlyConfigured("SITE_URL must be set for reminder e-mails to carry links.")


def unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.dumps({"user": user_id, "kind": kind}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """The person and kind a link was made for, or None for a link that is not ours."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        return None
    if data.get("kind") not in {kind.slug for kind in due.kinds()}:
        return None
    return data["user"], data["kind"]


def new_message_id() -> str:
    """The Message-ID the e-mail goes with, recorded before it is sent (an unconfirmed
    delivery can be looked up in the mail server's log by it)."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return make_msgid(domain=domain.strip(">"))


def _kind_label(slug: str) -> str:
    try:
        return due.kind(slug).label
    except KeyError:
        return slug


def message_for(reminders: Sequence[Reminder], *, to: str, message_id: str):
    """One e-mail for one person: a single reminder, or a digest of several."""
    base = site_url()
    items = [
        {
            # On one line: a title typed with line breaks cannot add lines of its own (a fake
            # "To stop these e-mails" link) to the plain-text part.
            "title": " ".join(reminder.title.split()),
            "due_on": reminder.due_on,
            "link": base + reminder.url,
            "kind": _kind_label(reminder.kind),
            "overdue": reminder.due_on < reminder.found_as_at,
        }
        for reminder in reminders
    ]
    user_id = reminders[0].user_id
    stoppable = sorted({r.kind for r in reminders if not _essential(r.kind)})
    context = {
        "items": items,
        "digest": len(items) > 1,
        "name": reminders[0].user.get_full_name() or reminders[0].user.username,
        "settings_link": base + reverse("reminders:preferences"),
        "unsubscribe": [
            {
                "kind": _kind_label(kind),
                "link": base
                + reverse("reminders:unsubscribe", args=[unsubscribe_token(user_id, kind)]),
            }
            for kind in stoppable
        ],
    }
    if len(items) == 1:
        subject = f"Reminder: {items[0]['title']}"
    else:
        subject = f"{len(items)} things due: your governance tracker reminders"
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split())[:200],
        body=render_to_string("reminders/email/reminder.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Message-ID": message_id},
    )
    message.attach_alternative(
        render_to_string("reminders/email/reminder.html", context), "text/html"
    )
    return message


def _essential(slug: str) -> bool:
    try:
        return due.kind(slug).essential
    except KeyError:
        return False
