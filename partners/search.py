"""People and partner organisations, found by their names (registered with ``core.search``).

An organisation is found through its partnership in each system: one hit per system it is a
partner in that the user may see, each with that system's page of it (never another's)."""

from urllib.parse import urlencode

from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse

from core.search import Hit, Kind, record_page, register


def _person_in_register(hit: Hit) -> str:
    """The register of people has no page per person: it is searched for their name."""
    address = reverse("partners:person-list", args=[hit.system_slug])
    return f"{address}?{urlencode({'q': hit.title})}"


register(
    Kind(
        slug="person",
        label="Person",
        model="partners.Person",
        fields=("name", "title", "organisation__name"),
        # A person is recorded by name or, where the source gives none, by post.
        title=Coalesce(NullIf("name", Value("")), "title"),
        link=_person_in_register,
    )
)
register(
    Kind(
        slug="organisation",
        label="Organisation",
        model="partners.Partnership",
        fields=("organisation__name", "organisation__short_name", "organisation__ods_code", "role"),
        title="organisation__name",
        key="organisation_id",
        link=record_page("partners:organisation-detail"),
    )
)
