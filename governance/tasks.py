"""Celery tasks for governance: thin wrappers that open a scope and call a service."""

from datetime import date

from celery import shared_task

from core.audit import system_actor
from core.scoping import unscoped
from governance import services, services_packs


@shared_task
def mark_meetings_held() -> int:
    """Daily: a past scheduled meeting whose attendance has been recorded was held."""
    with unscoped():
        return services.meetings_mark_held(actor=system_actor(), today=date.today())


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def build_pack(self, pack_id: int) -> str | None:
    """Build one pack (public or full): only the message that owns it (``Pack.task_id``)."""
    with unscoped():
        pack = services_packs.pack_build(pack_id, task_id=self.request.id)
    return pack.status if pack else None
