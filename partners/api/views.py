"""Partners in the API: systems, organisations, partnerships and people (names and roles only)."""

from core.api.base import ScopedReadOnlyViewSet, SystemFilterSet
from core.api.columns import ColumnSerializer
from partners.models import Organisation, Partnership, Person, System


class SystemSerializer(ColumnSerializer):
    class Meta:
        model = System
        fields = ["id", "slug", "name", "short_name", "region", "stage"]
        read_only_fields = fields


class OrganisationSerializer(ColumnSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "ods_code", "kind", "statutory"]
        read_only_fields = fields


class PartnershipSerializer(ColumnSerializer):
    class Meta:
        model = Partnership
        fields = ["id", "system", "organisation", "role", "scope_note", "joined_on", "left_on"]
        read_only_fields = fields


class PersonSerializer(ColumnSerializer):
    """Names and posts only: no contact details."""

    class Meta:
        model = Person
        fields = ["id", "system", "name", "title", "organisation"]
        read_only_fields = fields


class SystemViewSet(ScopedReadOnlyViewSet):
    """The systems (STP/ICS footprints) the token's user oversees."""

    model = System
    serializer_class = SystemSerializer
    ordering_fields = ["name", "slug"]


class OrganisationFilterSet(SystemFilterSet):
    """Organisations are shared: ``system`` keeps the partners of that system."""

    class Meta:
        model = Organisation
        fields = ["system", "kind", "statutory", "ods_code"]


class OrganisationViewSet(ScopedReadOnlyViewSet):
    """Organisations that are partners in the user's systems (shared between systems)."""

    model = Organisation
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    ordering_fields = ["name", "ods_code"]


class PartnershipViewSet(ScopedReadOnlyViewSet):
    model = Partnership
    serializer_class = PartnershipSerializer
    ordering_fields = ["joined_on"]


class PersonViewSet(ScopedReadOnlyViewSet):
    model = Person
    serializer_class = PersonSerializer
    ordering_fields = ["name"]


ROUTES = [
    ("systems", SystemViewSet),
    ("organisations", OrganisationViewSet),
    ("partnerships", PartnershipViewSet),
    ("people", PersonViewSet),
]
