"""The read-only minutes endpoint: every version of a meeting's minutes, with its entries.

Drafts and circulated versions are served to the system's signed-in roles as the pages show
them, labelled by ``status`` (a programme office circulates drafts to the committee; the chair
and regulators follow them). Confidential (part B) entries are left out for anyone
``governance.confidential`` does not allow, as on the page."""

import django_filters
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers

from core.api.base import ScopedReadOnlyViewSet, SystemFilterSet
from core.api.children import ChildRows, ChildRowsMixin
from core.api.columns import ColumnSerializer
from core.api.filters import ScopedChoiceFilter
from governance.minutes_reads import ENTRY_ORDER, status_line, visible_entries_of_many
from governance.models import Committee, Meeting, MinuteEntry, Minutes

EXAMPLE = {
    "id": 12,
    "meeting": 57,
    "version": 1,
    "status": "approved",
    "status_text": "Approved at the meeting on 6 March 2018",
    "summary": "The chair welcomed members; the meeting was quorate.",
    "circulated_on": "2018-02-12",
    "approved_at": 61,
    "approval": 150,
    "supersedes": None,
    "correction_reason": "",
    "entries": [
        {
            "id": 40,
            "item": 210,
            "item_number": 3,
            "item_title": "Urgent care programme update",
            "confidential": False,
            "discussion": "The group noted the update.",
        }
    ],
}


class MinuteEntrySerializer(ColumnSerializer):
    """The item's number, title and part B flag as approved once the minutes are, else as the
    item stands (``MinuteEntry.shown``), as on the page."""

    # MinuteEntry.heading: those three of ``shown``, without reading the item's presenter.
    item_number = serializers.IntegerField(source="heading.number", read_only=True)
    item_title = serializers.CharField(source="heading.title", read_only=True)
    confidential = serializers.BooleanField(source="heading.confidential", read_only=True)

    class Meta:
        model = MinuteEntry
        fields = ["id", "item", "item_number", "item_title", "confidential", "discussion"]
        read_only_fields = fields


class MinutesSerializer(ColumnSerializer):
    status_text = serializers.SerializerMethodField()
    entries = MinuteEntrySerializer(source="entry_rows", many=True, read_only=True)

    class Meta:
        model = Minutes
        fields = [
            "id",
            "meeting",
            "version",
            "status",
            "status_text",
            "summary",
            "circulated_on",
            "approved_at",
            "approval",
            "supersedes",
            "correction_reason",
            "entries",
        ]
        read_only_fields = fields

    def get_status_text(self, minutes: Minutes) -> str:
        return status_line(minutes)


class MinutesFilterSet(SystemFilterSet):
    meeting = ScopedChoiceFilter(Meeting)
    committee = ScopedChoiceFilter(Committee, field_name="meeting__committee")
    status = django_filters.ChoiceFilter(choices=Minutes.Status.choices)

    class Meta:
        model = Minutes
        fields = ["system", "meeting", "committee", "status"]


_example = OpenApiExample("Approved minutes", value=EXAMPLE, response_only=True)


@extend_schema_view(
    list=extend_schema(examples=[_example]), retrieve=extend_schema(examples=[_example])
)
class MinutesViewSet(ChildRowsMixin, ScopedReadOnlyViewSet):
    """Minutes of meetings, each version with its status (draft, circulated, approved,
    superseded by a corrected version) and one entry per agenda item. Entries of confidential
    (part B) items appear only for the committee's members, the meeting's attendees and the
    programme office."""

    model = Minutes
    serializer_class = MinutesSerializer
    filterset_class = MinutesFilterSet
    ordering_fields = ["version"]

    def child_rows(self):
        # Built per request: which entries show depends on the user. Read after the page, in
        # one query (core.api.children); the heading reads the item, not its presenter.
        entries = visible_entries_of_many(
            self.request.user, MinuteEntry.objects.select_related("item").order_by(*ENTRY_ORDER)
        )
        return (ChildRows("entry_rows", entries, "minutes_id"),)

    def get_queryset(self):
        return super().get_queryset().select_related("approved_at")
