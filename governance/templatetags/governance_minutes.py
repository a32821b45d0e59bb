"""The minutes panel of a meeting's page: its own minutes' status, and for the programme office
the earlier meetings' circulated minutes this meeting may approve. A tag, so the meeting page's
view needs nothing more."""

from datetime import date

from django import template

from core import authz
from governance.minutes_reads import status_line
from governance.models import Meeting, Minutes

register = template.Library()


@register.inclusion_tag("governance/_minutes_panel.html", takes_context=True)
def minutes_panel(context, meeting: Meeting) -> dict:
    request = context["request"]
    latest = (
        Minutes.objects.filter(meeting=meeting)
        .select_related("approved_at")
        .order_by("-version")
        .first()
    )
    office = authz.can_administer(request.user, meeting.committee.system)
    to_approve = []
    if office and meeting.status != Meeting.Status.CANCELLED and meeting.held_on <= date.today():
        to_approve = list(
            Minutes.objects.filter(
                meeting__committee_id=meeting.committee_id,
                meeting__held_on__lt=meeting.held_on,
                status=Minutes.Status.CIRCULATED,
                circulated_on__lte=meeting.held_on,
            )
            .select_related("meeting")
            .order_by("meeting__held_on")
        )
    return {
        "system": context["system"],
        "meeting": meeting,
        "latest": latest,
        "status": status_line(latest) if latest else "",
        "office": office,
        "to_approve": to_approve,
    }
