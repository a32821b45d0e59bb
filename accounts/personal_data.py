"""What the account page's records hold about people: each browser signed in as them (its
address and name, in the records and their history). Retention (core.retention), the subject
access section (core.subject_access) and what an erasure ends (core.erasure)."""

from datetime import datetime

from accounts.models import UserSession
from accounts.services import session_end
from core.erasure import Erasure, after_erase
from core.retention import retention
from core.subject_access import Subject, section

ERASED = "The person's identity was erased"


@retention(
    "signed_in_browsers",
    "Browsers signed in (address and browser, in the account page's records and their history)",
    days=365,
    action="The history of a browser's sign-in and sign-out is deleted; a browser still signed "
    "in stays listed on its person's account page.",
)
def signed_in_browsers(before: datetime, apply: bool) -> int:
    past = UserSession.history.filter(history_date__lt=before)
    count = past.count()
    if apply:
        past.delete()
    return count


@section("Browsers signed in", order=70)
def browsers(subject: Subject) -> list[dict]:
    if subject.user is None:
        return []
    rows = UserSession.objects.filter(user=subject.user).order_by("signed_in_at", "pk")
    return [
        {
            "Browser": r.device,
            "Address": r.ip_address,
            "Signed in at": r.signed_in_at,
            "Last seen at": r.last_seen_at,
        }
        for r in rows
    ]


@after_erase
def end_sessions(erasure: Erasure) -> None:
    """Sign the closed account's browsers out, and forget where they were."""
    if erasure.user_id is None:
        return
    for record in UserSession.objects.filter(user_id=erasure.user_id):
        session_end(actor=erasure.actor, user_session=record, reason=ERASED)
    UserSession.history.filter(user_id=erasure.user_id).update(ip_address=None, device="")
