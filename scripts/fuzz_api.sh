#!/usr/bin/env bash
# Fuzz the read-only API with schemathesis against a live server on 127.0.0.1, as a regulator's
# token on the demo data: no server errors, every response as the OpenAPI schema says.
# Bounded: a fixed number of examples per operation and a time budget.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${FUZZ_PORT:-8765}"
WORK="$(mktemp -d)"
export DJANGO_SETTINGS_MODULE=config.settings.base
export DATABASE_URL="sqlite:///$WORK/fuzz.sqlite3"
export DEBUG=False
export ALLOWED_HOSTS=127.0.0.1
export API_RATE_LIMIT="100000/minute"
export LOG_LEVEL=ERROR
unset REDIS_URL

.venv/bin/python manage.py migrate --no-input -v0
.venv/bin/python manage.py load_demo > /dev/null
TOKEN="$(.venv/bin/python manage.py issue_api_token regulator --name fuzz 2>/dev/null)"

# No request-line limit here: the fuzzer's longest query strings should reach the application
# (and its documented answers), not stop at gunicorn's own HTML 400.
.venv/bin/gunicorn config.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 \
  --limit-request-line 0 --env DJANGO_SETTINGS_MODULE=config.settings.base --log-level warning \
  >"$WORK/server.log" 2>&1 &
SERVER=$!
# The server's own log (every 404 and 400 the fuzzer provokes) is shown only if the run fails.
finish() {
  status=$?
  kill "$SERVER" 2>/dev/null || true
  if [ "$status" -ne 0 ]; then tail -n 200 "$WORK/server.log" >&2 || true; fi
  rm -rf "$WORK"
}
trap finish EXIT

for _ in $(seq 1 30); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 1
done

.venv/bin/schemathesis run "http://127.0.0.1:$PORT/api/v1/schema/" \
  --header "Authorization: Bearer $TOKEN" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,unsupported_method \
  --phases examples,coverage,fuzzing \
  --max-examples "${FUZZ_EXAMPLES:-20}" \
  --max-time "${FUZZ_SECONDS:-240}" \
  --workers 2 \
  --request-timeout 20 \
  --seed 2019
