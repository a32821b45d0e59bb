"""What a system publishes on its public pages (no sign-in): each part is chosen by the system's
programme office, and nothing is published until it is chosen. Nothing confidential is ever
published, whatever is chosen."""

from django.db import models
from simple_history.models import HistoricalRecords

from core.scoping import SystemScopedManager
from partners.models import System


class Publication(models.Model):
    system = models.OneToOneField(System, on_delete=models.CASCADE, related_name="publication")
    committees = models.BooleanField("committees and their members", default=False)
    meetings = models.BooleanField("meetings and their public papers", default=False)
    minutes = models.BooleanField("approved minutes (public part)", default=False)
    interests = models.BooleanField("register of interests", default=False)
    reports = models.BooleanField("published monthly reports", default=False)
    history = HistoricalRecords()

    objects = SystemScopedManager()

    class Meta:
        verbose_name = "publication settings"
        verbose_name_plural = "publication settings"

    def __str__(self) -> str:
        return f"What {self.system} publishes"

    @property
    def publishes_anything(self) -> bool:
        return any((self.committees, self.meetings, self.minutes, self.interests, self.reports))
