"""The regulators' API under /api/v1/: each app contributes its read-only endpoints (its
``api`` module's ROUTES); the schema and the documentation are served from this machine."""

from importlib import import_module

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from core.api.changes import ChangesView

API_MODULES = (
    "partners.api.views",
    "governance.api",
    "milestones.api",
    "escalation.api",
    "finance.api",
    "reports.api",
)


class Router(DefaultRouter):
    # The API answers JSON (and the browsable page by ?format=api), not a ".json" suffix: one
    # pattern per endpoint rather than two, which halves the patterns a request is tried on.
    include_format_suffixes = False


router = Router()
for name in API_MODULES:
    for prefix, viewset in import_module(name).ROUTES:
        router.register(prefix, viewset, basename=prefix)

urlpatterns = [
    path("changes/", ChangesView.as_view(), name="changes"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The page's script is a separate response, so the page needs no inline script (CSP).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("", include(router.urls)),
]
