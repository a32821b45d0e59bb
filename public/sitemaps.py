"""The sitemap: every public page of every system that publishes, and nothing else."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from core.scoping import scope
from governance.models import Publication
from public import querysets

SECTION_PAGES = {
    "committees": "public:committee-list",
    "meetings": "public:meeting-list",
    "minutes": "public:minutes-list",
    "interests": "public:interest-list",
    "reports": "public:report-list",
}


def public_urls() -> list[str]:
    ids = querysets.publishing_system_ids()
    urls: list[str] = []
    with scope(ids):
        publications = Publication.objects.filter(system_id__in=ids).select_related("system")
        for publication in publications.order_by("system__slug"):
            system = publication.system
            urls.append(reverse("public:home", args=[system.slug]))
            for section, name in SECTION_PAGES.items():
                if getattr(publication, section):
                    urls.append(reverse(name, args=[system.slug]))
            if publication.meetings:
                for pk in (
                    querysets.meetings(system).order_by("-held_on").values_list("pk", flat=True)
                ):
                    urls.append(reverse("public:meeting-detail", args=[system.slug, pk]))
            if publication.minutes:
                minutes = querysets.approved_minutes(system).values_list("meeting_id", flat=True)
                for pk in minutes:
                    urls.append(reverse("public:minutes-detail", args=[system.slug, pk]))
    return urls


class PublicPages(Sitemap):
    def items(self) -> list[str]:
        return public_urls()

    def location(self, item: str) -> str:
        return item
