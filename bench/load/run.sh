#!/usr/bin/env bash
# `make load`: a course's opening hour against gunicorn in production settings, PostgreSQL and Redis on
# this machine. Prints the `learning_load` JSON lines (rps, p50_ms, p95_ms, p99_ms, errors).
#   USERS=1000 SPAWN=2 RUN_TIME=10m make load   (the defaults: 1,000 learners arriving over 500 s)
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=.venv/bin/python
USERS=${USERS:-1000}
SPAWN=${SPAWN:-2}
RUN_TIME=${RUN_TIME:-10m}
PORT=${LOAD_PORT:-8100}
WORKERS=${WORKERS:-4}
export DATABASE_URL=${LOAD_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/twinning_load}
export REDIS_URL=${LOAD_REDIS_URL:-redis://127.0.0.1:6379/7}
export DEBUG=0 SECRET_KEY=${SECRET_KEY:-load-test-only-secret-key-not-for-production-0123456789}
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 LOG_LEVEL=WARNING TRUSTED_PROXY_COUNT=1 SITE_URL=http://127.0.0.1:$PORT
export STATIC_ROOT=${STATIC_ROOT:-var/load-static} LOAD_DATA=var/load.json
mkdir -p var
db=${DATABASE_URL##*/}
psql "${DATABASE_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 \
  || psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE $db"
$PY manage.py migrate --noinput >/dev/null
$PY manage.py collectstatic --noinput >/dev/null
$PY bench/load/prepare.py --learners "$USERS" --out "$LOAD_DATA"
.venv/bin/gunicorn twinning.wsgi:application --bind 127.0.0.1:$PORT --workers "$WORKERS" --threads 2 \
  --worker-class gthread --log-level warning --pid var/load-gunicorn.pid &
trap 'kill $(cat var/load-gunicorn.pid 2>/dev/null) 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs -o /dev/null -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$PORT/healthz" && break; sleep 0.2; done
rm -f var/load_stats.csv
.venv/bin/locust -f bench/load/locustfile.py --headless --host "http://127.0.0.1:$PORT" --users "$USERS" \
  --spawn-rate "$SPAWN" --run-time "$RUN_TIME" --csv var/load --only-summary >/dev/null 2>var/load-locust.log || true
$PY bench/load/report.py var/load_stats.csv --users "$USERS" --spawn "$SPAWN" --run-time "$RUN_TIME"
