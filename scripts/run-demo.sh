#!/usr/bin/env bash
# Sets up and runs Summit with the demo conference on http://127.0.0.1:8000/ (`make run`).
# Embedded defaults: SQLite, Celery in-process, mail to the console, and a local Kafka-wire broker
# (noida-db) so the demo's events visibly reach Kafka. Set REDIS_URL to run a Celery worker and beat
# instead, DATABASE_URL for PostgreSQL, KAFKA_BOOTSTRAP_SERVERS for a Kafka cluster of your own.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-system.sh
scripts/venv.sh requirements.txt
export PATH="$PWD/.venv/bin:$PATH"
mkdir -p var/staticfiles var/media

address="${SUMMIT_ADDRESS:-127.0.0.1:8000}"
# manage.py reads this file when the environment does not say otherwise, so `manage.py events tail`
# or `events status` in another terminal reaches this demo's broker and database.
demo_env="${SUMMIT_VAR_DIR:-var}/demo.env"
mkdir -p "$(dirname "$demo_env")"
children=()
cleanup() {
  for pid in "${children[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "${own_broker:-}" ]; then scripts/kafka-broker.sh stop var/kafka || true; fi
  rm -f "$demo_env"
}
trap cleanup EXIT INT TERM

if [ -z "${KAFKA_BOOTSTRAP_SERVERS:-}" ]; then
  kafka_port="${SUMMIT_KAFKA_PORT:-19092}"
  scripts/kafka-broker.sh start "$kafka_port" var/kafka
  own_broker=1
  export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$kafka_port"
fi

{
  echo "# The running demo's settings (scripts/run-demo.sh), read by manage.py; removed when it stops."
  for name in KAFKA_BOOTSTRAP_SERVERS DATABASE_URL REDIS_URL CELERY_BROKER_URL; do
    if [ -n "${!name:-}" ]; then echo "$name=${!name}"; fi
  done
} >"$demo_env"

python manage.py migrate --noinput
python manage.py events init-topics
python manage.py seed_demo

if [ -n "${REDIS_URL:-}" ]; then
  celery -A summit worker --loglevel=INFO --concurrency=2 & children+=($!)
  # Webhook deliveries have their own queue and worker, so a slow receiver never holds up the relay.
  celery -A summit worker -Q webhooks -n webhooks@%h --loglevel=INFO --concurrency=2 & children+=($!)
  celery -A summit beat --loglevel=INFO & children+=($!)
else
  # No Celery broker: the relay runs in-process after each commit; this loop sweeps what a failed
  # publish left behind, like the beat schedule does in production.
  python manage.py events relay --loop & children+=($!)
  python manage.py webhooks run --loop & children+=($!)
fi
# The back office's activity statistics are a read model filled from Kafka, as in production.
python manage.py consume_stats & children+=($!)

echo
echo "Summit is starting on http://$address/  (Ctrl-C stops it)"
echo "Events go to Kafka at $KAFKA_BOOTSTRAP_SERVERS; watch them with: .venv/bin/python manage.py events tail"
python manage.py runserver "$address"
