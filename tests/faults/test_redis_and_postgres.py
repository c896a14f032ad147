"""The fault matrix's two cases whose fixes are the `health` work (a cache that falls back when
Redis is down, enqueueing that survives a dead broker, 503 on database errors): Redis on a dead
port, and a PostgreSQL connection killed (pg_terminate_backend) under a request in flight.

What the issue demands, written before the fix lands; which assertions need it is said at each.
"""

import os
import runpy
import threading
from pathlib import Path

import psycopg
import pytest
import requests
from django.conf import settings
from django.db import connection

from review.models import Notification
from summit.celery import app
from tests.events.support import free_port, wait_until
from tests.events.test_celery_worker import celery_broker, database_url  # noqa: F401  (fixture)
from tests.faults import journey

pytestmark = pytest.mark.django_db(transaction=True)
SETTINGS = Path(__file__).resolve().parents[2] / "summit" / "settings" / "base.py"


def production_settings(**env: str) -> dict:
    """The settings module's values as a process started with `env` would compute them."""
    saved = os.environ.copy()
    os.environ.update(env)
    try:
        return runpy.run_path(str(SETTINGS))
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture
def break_redis(settings, celery_broker):  # noqa: F811
    """`break_redis()`: from then on the cache and the Celery broker are configured as production
    does for a REDIS_URL where nothing listens."""
    saved: dict = {}

    def brk() -> None:
        dead = f"redis://127.0.0.1:{free_port()}/0"
        built = production_settings(REDIS_URL=dead)
        settings.CACHES = built["CACHES"]
        celery_broker(dead)
        options = {
            name.removeprefix("CELERY_").lower(): value
            for name, value in built.items()
            if name.startswith(("CELERY_BROKER_", "CELERY_TASK_PUBLISH"))
        }
        saved.update({key: app.conf.get(key) for key in options})
        app.conf.update(options)

    yield brk
    app.conf.update(saved)


def test_journey_with_redis_down(break_redis, conference, client_for, smtp_server):
    stage = journey.stage(conference)
    break_redis()

    outcome = journey.walk(stage, client_for)

    # Needs `health`: on main, the public pages' cache lookup raises redis.ConnectionError (500),
    # and queueing the booking's and the batch's tasks on a dead broker fails the request.
    assert outcome.answers == journey.EXPECTED
    journey.nothing_lost(stage, outcome)
    # Nothing was sent nor lost: the decision e-mails are still queued, their task kept for later.
    assert Notification.objects.filter(conference=conference, status="queued").count() == len(stage.mailed)


def _waiting_on_a_lock(database: str) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'", [database])
        row = cursor.fetchone()
    return row[0] if row else None


@pytest.mark.postgres
@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql", reason="pg_terminate_backend"
)
def test_a_request_whose_database_connection_is_killed_answers_503_and_the_next_answers_200(
    live_server, conference, client_for
):
    page = f"{live_server.url}/{conference.slug}/cfp/"
    assert requests.get(page, timeout=10).status_code == 200
    answers: list[int] = []
    database = connection.settings_dict["NAME"]

    # The request blocks on a lock held here, so its connection is killed while it is in flight.
    with psycopg.connect(database_url(), autocommit=False) as holder:
        holder.execute("LOCK TABLE conference_conference IN ACCESS EXCLUSIVE MODE")
        request = threading.Thread(target=lambda: answers.append(requests.get(page, timeout=30).status_code))
        request.start()
        wait_until(lambda: _waiting_on_a_lock(database) is not None, timeout=10)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [_waiting_on_a_lock(database)])
        holder.rollback()
    request.join(timeout=30)

    # Needs `health`: on main the killed connection's OperationalError is a 500 page.
    assert answers == [503]
    # The next request gets a fresh connection.
    assert requests.get(page, timeout=10).status_code == 200
    stage = journey.stage(conference)
    outcome = journey.walk(stage, client_for)
    assert outcome.answers == journey.EXPECTED
    journey.nothing_lost(stage, outcome)
