"""OpenAPI generation (drf-spectacular) for the API."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.generators import SchemaGenerator

from partners.scoping import scope


class ScopedSchemaGenerator(SchemaGenerator):
    """Schema generation touches managers (filter introspection) but reads no rows: give it an
    empty scope so fail-closed managers let it through."""

    def get_schema(self, request=None, public=False):
        with scope([]):
            return super().get_schema(request=request, public=public)


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "partners.api.auth.ApiTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token: `python manage.py issue_api_token USERNAME`.",
        }
