"""The OpenAPI schema is valid and drf-spectacular has nothing to warn about (an unresolved
type or a name collision would make a regulator's generated client guess)."""

import json

from django.core.management import call_command


def test_schema_validates_without_warnings(tmp_path, db):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text()
    assert "/api/v1/reports/{id}/pdf/" in schema
    assert "ReportStatusEnum" in schema


def test_no_response_has_a_float(tmp_path, db):
    """core.api.renderers writes floats as orjson does, not as DRF does: the API has none
    (amounts are decimals written as text). A number in the schema must be an integer."""
    target = tmp_path / "schema.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(target))
    numbers = []

    def walk(node, path):
        if isinstance(node, dict):
            if node.get("type") == "number":
                numbers.append(path)
            for key, value in node.items():
                walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for n, value in enumerate(node):
                walk(value, f"{path}/{n}")

    schema = json.loads(target.read_text())
    walk(schema["components"], "components")
    assert numbers == []
    assert '"format": "decimal"' in target.read_text()  # decimals are there, as text


def test_a_value_the_model_may_leave_blank_may_be_blank_in_the_schema():
    """A read-only ChoiceField loses ``allow_blank`` (DRF drops it for read-only fields), so the
    schema's enum would refuse the "" the API writes for a value the source does not give: such
    fields are declared with ``allow_blank`` (e.g. a workstream's objective kind, a risk's
    grade). A URL or an e-mail address the model may leave blank is declared a plain string, as
    the formats "uri" and "email" refuse "" (a meeting's link)."""
    from rest_framework import serializers

    import config.api  # noqa: F401 (every serializer of the API, loaded)
    from core.api.columns import ColumnSerializer

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    found = []
    for serializer in subclasses(ColumnSerializer):
        model = serializer.Meta.model
        for name, field in serializer().fields.items():
            formatted = isinstance(field, serializers.URLField | serializers.EmailField)
            if not formatted and (
                not isinstance(field, serializers.ChoiceField) or field.allow_blank
            ):
                continue
            model_field = next(
                (f for f in model._meta.concrete_fields if f.name == field.source), None
            )
            if model_field is not None and model_field.blank and not model_field.null:
                found.append(f"{serializer.__name__}.{name}")
    assert not found, "declare these with allow_blank=True or as strings: " + ", ".join(found)
