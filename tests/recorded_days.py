"""Days for the tests of pages as recorded on a date (core.as_recorded)."""

from datetime import timedelta

from django.utils import timezone


def recorded_yesterday(*records) -> None:
    """Date every version of ``records`` saved so far a day earlier: they were recorded
    yesterday, and whatever a test changes next is today's."""
    for record in records:
        for version in record.history.all():
            version.history_date -= timedelta(days=1)
            version.save()


def day(delta: int = 0) -> str:
    """Today (or ``delta`` days from it) as ``?recorded_on=`` takes it."""
    return (timezone.localdate() + timedelta(days=delta)).isoformat()
