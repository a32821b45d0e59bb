"""OpenAPI generation (drf-spectacular) for the API."""

from drf_spectacular.generators import SchemaGenerator

from core.scoping import scope


class ScopedSchemaGenerator(SchemaGenerator):
    """Schema generation touches managers (filter introspection) but reads no rows: give it an
    empty scope so fail-closed managers let it through."""

    def get_schema(self, request=None, public=False):
        with scope([]):
            return super().get_schema(request=request, public=public)


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def add_error_responses(result, generator, request, public):
    """Document the errors every endpoint can give, with the body DRF sends."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
        "example": {"detail": "This token is unknown, expired or revoked."},
    }
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault("401", _error("No token, or an unknown, expired or revoked one."))
            responses.setdefault("429", _error("Rate limit reached; retry after Retry-After."))
            if operation.get("parameters"):
                responses.setdefault(
                    "400",
                    {
                        "description": "A filter or parameter was invalid.",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                )
            responses.setdefault(
                "404",
                _error("Not found, in a system you do not oversee, or an invalid page cursor."),
            )
    return result
