"""The Compose file's deployment, read as Compose reads it (CI also validates it against the
Compose specification): two web replicas behind one port, two workers, one beat, the object
storage; the schema migrated once before any of them; every secret from the environment."""

import re
from pathlib import Path

import yaml

COMPOSE = Path(__file__).resolve().parent.parent / "docker-compose.yml"


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def replicas(service: dict) -> int:
    return service.get("deploy", {}).get("replicas", 1)


def test_two_web_replicas_behind_one_port_two_workers_and_one_beat():
    services = compose()["services"]
    assert (replicas(services["web"]), replicas(services["worker"])) == (2, 2)
    assert replicas(services["beat"]) == 1
    published = {name: s["ports"] for name, s in services.items() if s.get("ports")}
    assert published == {"proxy": ["127.0.0.1:8000:8000"]}
    proxy = compose()["configs"]["proxy"]["content"]
    assert re.search(r"upstream web \{[^}]*server web:8000 resolve;", proxy)
    assert "proxy_pass http://web;" in proxy


def test_the_stored_files_go_to_the_object_storage_whose_bucket_is_made_first():
    services = compose()["services"]
    assert services["storage"]["image"].startswith("minio/minio:")
    for name in ("web", "worker", "beat", "migrate"):
        environment = services[name]["environment"]
        assert environment["STORAGE_BACKEND"] == "${STORAGE_BACKEND:-s3}"
        assert environment["AWS_S3_ENDPOINT_URL"] == "${AWS_S3_ENDPOINT_URL:-http://storage:9000}"
    # Every app service waits for the bucket (web through the migration, which does).
    assert services["worker"]["depends_on"]["bucket"]["condition"] == (
        "service_completed_successfully"
    )
    assert services["bucket"]["depends_on"]["storage"]["condition"] == "service_healthy"


def test_the_schema_is_migrated_once_before_the_replicas_start():
    services = compose()["services"]
    assert services["migrate"]["command"] == "python manage.py migrate --no-input"
    assert services["web"]["depends_on"] == {
        "migrate": {"condition": "service_completed_successfully"}
    }
    others = [s.get("command") for name, s in services.items() if name != "migrate"]
    assert not any("migrate" in str(command) for command in others)


def test_probes_logs_and_metrics_as_in_production():
    services = compose()["services"]
    web = services["web"]
    assert "/healthz" in " ".join(web["healthcheck"]["test"])
    assert web["environment"]["PROMETHEUS_MULTIPROC_DIR"] == "/tmp/prometheus"
    assert "rm -rf /tmp/prometheus" in web["command"]  # no counts left from a previous run
    # One shell line: a line break would end gunicorn's command before its options.
    assert "\n" not in web["command"] and "\n" not in services["bucket"]["entrypoint"]
    assert "-c python:config.gunicorn config.wsgi:application --bind 0.0.0.0:8000" in web["command"]
    for name in ("web", "worker", "beat"):
        assert services[name]["environment"]["LOG_FORMAT"] == "json"
        assert services[name]["environment"]["DJANGO_SETTINGS_MODULE"] == (
            "config.settings.production"
        )


def test_every_secret_comes_from_the_environment():
    text = COMPOSE.read_text()
    for secret in ("POSTGRES_PASSWORD", "SECRET_KEY", "STORAGE_SECRET_KEY"):
        assert f"${{{secret}:?set {secret}}}" in text
    assert "${METRICS_TOKEN:-}" in text and "${SENTRY_DSN:-}" in text
