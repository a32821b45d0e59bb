"""Celery tasks for governance: thin wrappers that open a scope and call a service."""

from datetime import date

from celery import shared_task

from core.audit import system_actor
from core.scoping import unscoped
from governance import services


@shared_task
def mark_meetings_held() -> int:
    """Daily: a past scheduled meeting whose attendance has been recorded was held."""
    with unscoped():
        return services.meetings_mark_held(actor=system_actor(), today=date.today())
