# The commands of the README. Everything else is in scripts/
.PHONY: run test check lint format messages

run:  ## set up and run Summit with the demo conference on http://127.0.0.1:8000/
	scripts/run-demo.sh

test:  ## the whole test suite: lint, checks, pytest on PostgreSQL and on SQLite
	scripts/test.sh

# Each line stops make at its first failure. pytest runs on the embedded SQLite profile without the
# browser tests and the Kafka-broker tests, so nothing is started: no PostgreSQL, Redis or broker.
check:  ## the fast inner loop, stopping at the first failure: ruff, ruff format --check, djlint, mypy, pytest on SQLite (no browser or Kafka tests)
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/djlint templates --lint
	.venv/bin/mypy
	mkdir -p var/staticfiles var/media
	env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL -u KAFKA_BOOTSTRAP_SERVERS -u DJANGO_SETTINGS_MODULE \
	  .venv/bin/python -m pytest -q -x -n auto -m "not browser and not kafka"

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .

messages:  ## refresh the French catalogue after changing texts
	.venv/bin/python manage.py makemessages -l fr --ignore=.venv --ignore=var --no-obsolete
	.venv/bin/python manage.py compilemessages --ignore=.venv
