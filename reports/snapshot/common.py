"""The report's period and the JSON forms of its values, shared by every section."""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings


@dataclass(frozen=True)
class Period:
    """A month and the instants the report reads the data at.

    ``end`` is the first instant after the cut-off day in Europe/London: a timestamp (a baseline's
    ``set_at``, a case event's ``at``) counts as on or before the cut-off when it is earlier.
    """

    month: date
    cutoff: date
    end: datetime

    @classmethod
    def of(cls, month: date) -> "Period":
        if month.day != 1:
            raise ValueError("Give the first day of the month reported on.")
        last = calendar.monthrange(month.year, month.month)[1]
        cutoff = month.replace(day=last)
        zone = ZoneInfo(settings.TIME_ZONE)
        end = datetime.combine(cutoff + timedelta(days=1), time.min, tzinfo=zone)
        return cls(month=month, cutoff=cutoff, end=end)

    @classmethod
    def at(cls, day: date) -> "Period":
        """The data as it stood at the end of any ``day`` (its month's updates the latest
        read): what reports.changes compares, from one day to another."""
        zone = ZoneInfo(settings.TIME_ZONE)
        end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
        return cls(month=day.replace(day=1), cutoff=day, end=end)

    @property
    def previous(self) -> "Period":
        return Period.of((self.month - timedelta(days=1)).replace(day=1))

    def contains(self, day: date | None) -> bool:
        return day is not None and self.month <= day <= self.cutoff


def iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def local_date(moment: datetime) -> date:
    """The Europe/London date of a stored timestamp."""
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date()


def money(value: Decimal | None) -> str | None:
    """A Decimal in £'000 as the snapshot stores it: no exponent, no trailing zeros ("-16379")."""
    if value is None:
        return None
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


def organisation_label(organisation) -> str:
    return organisation.short_name or organisation.name if organisation is not None else ""
