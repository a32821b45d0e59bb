"""The OpenAPI schema is valid and drf-spectacular has nothing to warn about (an unresolved
type or a name collision would make a regulator's generated client guess)."""

from django.core.management import call_command


def test_schema_validates_without_warnings(tmp_path, db):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text()
    assert "/api/v1/reports/{id}/pdf/" in schema
    assert "ReportStatusEnum" in schema
