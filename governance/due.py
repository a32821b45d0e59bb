"""The governance deadlines that fall to someone (registered with ``core.due``)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from core.due import Due, horizon, register
from governance.models import Action


@register("action", "Actions due")
def actions_due(as_at: date, system_ids: frozenset[int] | None) -> list[Due]:
    """Open actions due by the end of the "due soon" window, for their owner when the owner has
    an account. Done, cancelled and withdrawn actions ask nothing of anyone."""
    actions = (
        Action.objects.filter(
            status=Action.Status.OPEN,
            withdrawn_on__isnull=True,
            due_on__isnull=False,
            due_on__lte=horizon(as_at),
            owner__user__isnull=False,
        )
        .select_related("meeting__committee__system", "owner")
        .order_by("due_on", "pk")
    )
    if system_ids is not None:
        actions = actions.filter(meeting__committee__system_id__in=system_ids)
    return [
        Due(
            kind="action",
            system_id=action.meeting.committee.system_id,
            key=f"governance.action:{action.pk}",
            title=f"Action from {action.meeting.committee.name}: {action}",
            due_on=action.due_on,
            url=reverse(
                "governance:meeting-detail",
                args=[action.meeting.committee.system.slug, action.meeting_id],
            ),
            user_ids=frozenset({action.owner.user_id}),
        )
        for action in actions
    ]
