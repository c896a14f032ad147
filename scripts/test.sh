#!/usr/bin/env bash
# The whole test suite, as `make test` and CI run it: lint, migrations, deploy checks, the event
# catalogue, then pytest on PostgreSQL (with Redis, a Celery worker and a Kafka-wire broker where a
# test needs them) and again on SQLite, the embedded default.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-system.sh --services
scripts/venv.sh requirements-dev.txt
# axe-core for the accessibility checks of the browser tests (pinned in package-lock.json).
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --silent; fi
export PATH="$PWD/.venv/bin:$PATH"
unset DATABASE_URL REDIS_URL CELERY_BROKER_URL KAFKA_BOOTSTRAP_SERVERS DJANGO_SETTINGS_MODULE
# The embedded profile keeps its SQLite file, uploads and collected static files under var/.
mkdir -p var/staticfiles var/media

step() { printf '\n== %s\n' "$*"; }
# One pytest worker per core (pytest-xdist): each has its own test database, broker port and queue.
WORKERS="${SUMMIT_TEST_WORKERS:-auto}"

step "ruff"
ruff check .
ruff format --check .

step "templates (djlint)"
djlint templates --lint

step "mypy on events/ and the services"
mypy

step "translations"
python manage.py compilemessages --ignore=.venv >/dev/null

step "migrations are complete"
python manage.py makemigrations --check --dry-run

step "production profile passes check --deploy"
DJANGO_SETTINGS_MODULE=summit.settings.production \
  SECRET_KEY="ci-$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')" \
  ALLOWED_HOSTS=summit.example.org \
  python manage.py check --deploy --fail-level WARNING

step "the OpenAPI schema is valid, with no ambiguous component names"
python manage.py spectacular --validate --fail-on-warn >/dev/null

step "docs/events.md matches the event schemas"
python manage.py events docs --check

step "the real clients of the exports (c3voc-schedule-tools, schedule-convert), each in its own venv"
scripts/client-venvs.sh

step "pytest on PostgreSQL"
# With the whole bad-upload corpus (tests/corpus: over 1,000 files; a sample runs otherwise).
DATABASE_URL="${SUMMIT_TEST_POSTGRES_URL:-postgres://postgres:postgres@127.0.0.1:5432/summit}" SUMMIT_FULL_CORPUS=1 \
  python -m pytest -n "$WORKERS" --cov --cov-report=term:skip-covered --cov-fail-under=90 "$@"

step "pytest on SQLite"
# Without the browser tests: they drive the pages through Chromium and a live server, the same flows
# whatever the database, and are among the slowest tests. Each SQLite path they could reach (the relay's
# fallback, office hours' overlap check without an exclusion constraint) has its own test below.
python -m pytest -n "$WORKERS" -m "not browser" "$@"
