"""The register of interests and the declarations made on meeting items, read-only.

A declaration on a confidential item is as confidential as the item: the declarations
endpoint lists only those on items ``governance.confidential.visible_items`` lets the token's
user see, as the pages do."""

import django_filters

from core.api.base import ScopedReadOnlyViewSet, SystemFilterSet
from core.api.columns import ColumnSerializer
from core.api.filters import ScopedChoiceFilter
from core.history import history_rows
from governance import confidential
from governance.api import examples
from governance.models import Declaration, Interest, Meeting
from partners.models import Person


class InterestSerializer(ColumnSerializer):
    class Meta:
        model = Interest
        fields = [
            "id",
            "person",
            "kind",
            "organisation_name",
            "description",
            "held_from",
            "held_to",
            "declared_on",
            "reviewed_on",
            "withdrawn_on",
            "withdrawn_reason",
        ]
        read_only_fields = fields


class DeclarationSerializer(ColumnSerializer):
    class Meta:
        model = Declaration
        fields = [
            "id",
            "item",
            "person",
            "interest",
            "description",
            "takes_part",
            "action",
            "withdrawn_on",
            "withdrawn_reason",
        ]
        read_only_fields = fields


class InterestFilterSet(SystemFilterSet):
    person = ScopedChoiceFilter(Person)
    kind = django_filters.ChoiceFilter(choices=Interest.Kind.choices)

    class Meta:
        model = Interest
        fields = ["system", "person", "kind"]


class DeclarationFilterSet(SystemFilterSet):
    meeting = ScopedChoiceFilter(Meeting, field_name="item__meeting")
    person = ScopedChoiceFilter(Person)

    class Meta:
        model = Declaration
        fields = ["system", "meeting", "person"]


INTEREST = {
    "id": 12,
    "person": 88,
    "kind": "professional",
    "organisation_name": "A GP federation",
    "description": "Partner in a practice that is a member of the federation.",
    "held_from": "2016-04-01",
    "held_to": None,
    "declared_on": "2018-01-15",
    "reviewed_on": "2019-01-10",
    "withdrawn_on": None,
    "withdrawn_reason": "",
}
DECLARATION = {
    "id": 7,
    "item": 301,
    "person": 88,
    "interest": 12,
    "description": "Partner in a practice bidding for the service.",
    "takes_part": False,
    "action": "Left the room for the item.",
    "withdrawn_on": None,
    "withdrawn_reason": "",
}


@examples.documented("A registered interest", INTEREST)
class InterestViewSet(ScopedReadOnlyViewSet):
    """The register of interests: each person's declared interests (kind, organisation
    concerned, when held), when declared and last reviewed; withdrawn ones are kept, labelled."""

    model = Interest
    serializer_class = InterestSerializer
    filterset_class = InterestFilterSet
    ordering_fields = ["declared_on", "reviewed_on"]


@examples.documented("A declaration on an agenda item", DECLARATION)
class DeclarationViewSet(ScopedReadOnlyViewSet):
    """Interests declared on meeting items: who, whether they took part, how it was managed.
    Declarations on confidential items are listed only for those who may see the item."""

    model = Declaration
    serializer_class = DeclarationSerializer
    filterset_class = DeclarationFilterSet
    ordering_fields = ["id"]

    def get_queryset(self):
        return confidential.visible_declarations(self.request.user, super().get_queryset())

    def history_rows(self, instance) -> list:
        # Its versions while its item was in part B are for those who may see part B.
        versions = confidential.readable_versions(
            self.request.user, instance.item, instance.history.all()
        )
        return history_rows(instance, 200, records=versions, fields=self.history_fields())
