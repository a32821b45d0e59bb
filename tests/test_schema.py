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
