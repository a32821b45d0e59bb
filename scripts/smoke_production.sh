#!/usr/bin/env bash
# Production as shipped: static files collected under the production settings, a fresh
# PostgreSQL database migrated, gunicorn serving config.wsgi with DEBUG off; sign in through the
# login form as a browser behind a TLS proxy would (CSRF token and cookie, X-Forwarded-Proto), and
# require a signed-in page, a system's dashboard and the page's hashed stylesheet to answer 200.
# Needs PostgreSQL and Redis on 127.0.0.1 (as CI starts them); cleans up after itself.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="${VENV_BIN:-.venv/bin}"  # another virtual environment: VENV_BIN=/path/bin
PY="$BIN/python"
DB="${SMOKE_DATABASE:-tracker_smoke}"
WORK="$(mktemp -d)"
PORT="$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
SERVER=""

finish() {
  status=$?
  if [ -n "$SERVER" ]; then
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ]; then tail -n 60 "$WORK/server.log" >&2 2>/dev/null || true; fi
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
  [ "$status" -eq 0 ] && echo "smoke: production starts as shipped" || echo "smoke: FAILED" >&2
}
trap finish EXIT

export DJANGO_SETTINGS_MODULE=config.settings.production
SECRET_KEY="$(head -c 64 /dev/urandom | base64 | tr -d '\n/+=')"
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1
export DEBUG=False
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
export STATIC_ROOT="$WORK/static"
export MEDIA_ROOT="$WORK/media"
export LOG_LEVEL=WARNING
METRICS_TOKEN="smoke-$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')"
export METRICS_TOKEN
export PGOPTIONS="-c client_min_messages=warning"
PASSWORD="smoke-$(head -c 24 /dev/urandom | base64 | tr -d '\n/+=')"

psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" >/dev/null
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB" >/dev/null
# The two slow steps share no state: run side by side.
$PY manage.py collectstatic --no-input -v0 &
COLLECT=$!
$PY manage.py migrate --no-input -v0
wait "$COLLECT"
test -f "$STATIC_ROOT/staticfiles.json"
# Production refuses the demo data; one system and its programme office are enough.
SMOKE_PASSWORD="$PASSWORD" $PY manage.py shell --no-imports -c '
import os
from django.contrib.auth import get_user_model
from core.roles import Role
from core.scoping import unscoped
from partners.models import Access, System
with unscoped():
    system = System.objects.create(slug="smoke", name="Smoke Test Partnership", short_name="Smoke")
    user = get_user_model().objects.create_user("smoke.office", password=os.environ["SMOKE_PASSWORD"])
    Access.objects.create(user=user, system=system, role=Role.PROGRAMME_OFFICE)
'

# Two workers whose Prometheus figures are read together from files, as Compose runs them.
export PROMETHEUS_MULTIPROC_DIR="$WORK/prometheus"
mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
"$BIN/gunicorn" -c python:config.gunicorn config.wsgi:application --bind "127.0.0.1:$PORT" \
  --workers 2 --log-level info >"$WORK/server.log" 2>&1 &
SERVER=$!

# What a TLS-terminating proxy adds (SECURE_PROXY_SSL_HEADER): without it every request is
# redirected to https. Cookies are kept by hand: curl sends no Secure cookie over plain http.
PROXY=(-H "X-Forwarded-Proto: https")
for _ in $(seq 1 30); do
  curl -fsS -o /dev/null "${PROXY[@]}" "$BASE/login/" 2>/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { echo "gunicorn exited" >&2; exit 1; }
  sleep 0.5
done

cookie() { sed -n "s/^[Ss]et-[Cc]ookie: $1=\([^;]*\).*/\1/p" "$2" | tail -n 1; }
# status URL [curl options...]: the status code; the headers in $WORK/headers, body in $WORK/body.
fetch() {
  local url="$1"
  shift
  curl -sS -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' "${PROXY[@]}" "$@" "$BASE$url"
}
expect() {
  if [ "$1" != "$2" ]; then
    echo "$3: expected $2, got $1" >&2
    head -c 2000 "$WORK/body" >&2 || true
    exit 1
  fi
  echo "ok $2 $3"
}

expect "$(fetch /login/)" 200 "GET /login/"
CSRF_COOKIE="$(cookie csrftoken "$WORK/headers")"
TOKEN="$(sed -n 's/.*name="csrfmiddlewaretoken" value="\([^"]*\)".*/\1/p' "$WORK/body" | head -n 1)"
[ -n "$CSRF_COOKIE" ] && [ -n "$TOKEN" ] || { echo "no CSRF cookie or token" >&2; exit 1; }

expect "$(fetch /login/ -X POST -H "Cookie: csrftoken=$CSRF_COOKIE" \
  -H "Origin: https://127.0.0.1:$PORT" -H "Referer: https://127.0.0.1:$PORT/login/" \
  --data-urlencode "csrfmiddlewaretoken=$TOKEN" --data-urlencode "login=smoke.office" \
  --data-urlencode "password=$PASSWORD")" 302 "POST /login/ (signed in)"
SESSION="$(cookie sessionid "$WORK/headers")"
[ -n "$SESSION" ] || { echo "no session cookie after signing in" >&2; exit 1; }
SIGNED_IN=(-H "Cookie: csrftoken=$CSRF_COOKIE; sessionid=$SESSION")

expect "$(fetch / "${SIGNED_IN[@]}" -L)" 200 "GET / (home, signed in)"
expect "$(fetch /s/smoke/ "${SIGNED_IN[@]}")" 200 "GET /s/smoke/ (the system's dashboard)"
grep -q "smoke.office\|Smoke Test Partnership" "$WORK/body" || { echo "not the dashboard" >&2; exit 1; }
CSS="$(grep -o 'href="[^"]*build/app\.[0-9a-f]\{12\}\.css"' "$WORK/body" | head -n 1 | cut -d'"' -f2)"
[ -n "$CSS" ] || { echo "the page links no hashed build/app.css" >&2; exit 1; }
expect "$(fetch "$CSS")" 200 "GET $CSS"
grep -qi '^content-type: text/css' "$WORK/headers" || { echo "$CSS is not CSS" >&2; exit 1; }

# Operations (README "Operations"): the probes over plain http as a prober inside the network
# asks them, the metrics behind their token, the request id, and one JSON object a log line.
expect "$(curl -sS -o "$WORK/body" -w '%{http_code}' "$BASE/healthz")" 200 "GET /healthz (plain http)"
expect "$(curl -sS -o "$WORK/body" -w '%{http_code}' "$BASE/readyz")" 503 "GET /readyz (no worker)"
grep -q '"database": "ok"' "$WORK/body" && grep -q '"workers": "failed: no worker' "$WORK/body" \
  || { echo "/readyz does not say the database is up and no worker is" >&2; exit 1; }
expect "$(curl -sS -o "$WORK/body" -w '%{http_code}' "$BASE/metrics")" 404 "GET /metrics (no token)"
expect "$(curl -sS -o "$WORK/body" -w '%{http_code}' -H "Authorization: Bearer $METRICS_TOKEN" \
  "$BASE/metrics")" 200 "GET /metrics (the token)"
grep -q '^django_http_requests_total_by_method_total{method="GET"}' "$WORK/body" \
  && grep -q '^tracker_monthly_reports{status="failed"} 0' "$WORK/body" \
  || { echo "/metrics counts no requests or reports" >&2; exit 1; }
expect "$(fetch /login/ -H "X-Request-ID: smoke-request-0123")" 200 "GET /login/ (a request id)"
grep -qi '^x-request-id: smoke-request-0123' "$WORK/headers" || { echo "no X-Request-ID" >&2; exit 1; }
"$PY" - "$WORK/server.log" <<'PYTHON'
import json, sys
# Every line is one JSON object: the app's and gunicorn's own ("Booting worker ...").
lines = [json.loads(line) for line in open(sys.argv[1])]
assert any(line["logger"] == "gunicorn.error" for line in lines), "no line of gunicorn's"
assert any(
    line.get("request_id") == "smoke-request-0123" and line.get("path") == "/login/"
    for line in lines
), "no JSON log line of the request with its id"
print(f"ok {len(lines)} JSON log lines, the request's among them")
PYTHON
