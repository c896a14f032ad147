"""The production path end to end: commit → Celery task in Redis → a real worker process → Kafka."""

import datetime as dt
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
from django.db import connection

from conference import services
from events.cursor import published_events, unpublished_events
from events.models import OutboxEvent
from summit.celery import app
from tests.events.support import free_port, wait_until
from tests.factories import UserFactory

pytestmark = [pytest.mark.kafka, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("SUMMIT_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The test database, for the worker: it must see the rows this test commits."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def celery_broker():
    """`celery_broker(url)`: Celery switched from eager to that broker, on a queue of this test's own."""
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "task_default_queue")}

    def switch(url: str) -> str:
        queue = f"summit-test-{uuid.uuid4().hex[:8]}"
        app.conf.update(task_always_eager=False, broker_url=url, task_default_queue=queue)
        _forget_connections()
        return queue

    yield switch
    app.conf.update(saved)
    _forget_connections()


def _forget_connections() -> None:
    # Celery caches its broker connection pools; the next use must connect to the URL now set.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def celery_queue(celery_broker):
    if connection.vendor != "postgresql":
        pytest.skip("a worker process cannot see the test's in-memory SQLite database; runs on PostgreSQL")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.ConnectionError:
        pytest.skip(f"Redis is not answering at {REDIS_URL}")
    return celery_broker(REDIS_URL)


@pytest.fixture
def celery_worker(celery_queue, kafka_topics, kafka_settings):
    env = os.environ | {
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_URL,
        "KAFKA_BOOTSTRAP_SERVERS": kafka_settings.KAFKA_BOOTSTRAP_SERVERS,
        "DJANGO_SETTINGS_MODULE": "summit.settings.base",
    }
    command = [sys.executable, "-m", "celery", "-A", "summit", "worker", "--pool=solo", "-Q", celery_queue]
    worker = subprocess.Popen(
        [*command, "--loglevel=INFO", "--without-gossip", "--without-mingle"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield worker
    stop(worker)


def stop(worker: subprocess.Popen) -> str:
    """Stop the worker (once) and return what it logged."""
    if worker.returncode is None:
        worker.terminate()
        try:
            worker.output, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.output, _ = worker.communicate()
    return worker.output


def test_commit_queues_relay_that_a_worker_publishes(celery_worker, kafka_messages):
    services.conference_create(
        by=UserFactory(),
        name="Current",
        slug="current",
        timezone="UTC",
        start_date=dt.date(2030, 5, 14),
        end_date=dt.date(2030, 5, 15),
    )
    event = OutboxEvent.objects.get()

    def published() -> bool:
        """the worker published the outbox row"""
        assert celery_worker.poll() is None, "the Celery worker exited"
        return published_events().filter(pk=event.pk).exists()

    wait_until(published, timeout=60)
    log = stop(celery_worker)
    assert "Task events.relay_outbox[" in log
    assert "'published': 1" in log, log
    assert [(m.key, m.headers["ce_id"]) for m in kafka_messages()] == [("conference/current", str(event.event_id))]


def test_commit_succeeds_when_the_celery_broker_is_down(celery_broker, kafka_topics, caplog):
    celery_broker(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there

    services.conference_create(
        by=UserFactory(),
        name="Current",
        slug="current",
        timezone="UTC",
        start_date=dt.date(2030, 5, 14),
        end_date=dt.date(2030, 5, 15),
    )

    assert unpublished_events().count() == 1  # for the sweep to publish
    assert "Could not queue the events relay" in caplog.text
