# The two commands of the README. Everything else is in scripts/.
.PHONY: run test lint format messages

run:  ## set up and run Summit with the demo conference on http://127.0.0.1:8000/
	scripts/run-demo.sh

test:  ## the whole test suite: lint, checks, pytest on PostgreSQL and on SQLite
	scripts/test.sh

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .

messages:  ## refresh the French catalogue after changing texts
	.venv/bin/python manage.py makemessages -l fr --ignore=.venv --ignore=var --no-obsolete
	.venv/bin/python manage.py compilemessages --ignore=.venv
