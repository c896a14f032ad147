"""Relays running side by side publish each event exactly once and keep each aggregate's order."""

import json
import threading
import time
from collections import Counter, defaultdict

import pytest
from django.db import OperationalError, connection, transaction

from events import relay
from events.cursor import unpublished_events
from events.services import emit

pytestmark = [pytest.mark.kafka, pytest.mark.django_db(transaction=True)]

EVENTS = 1200
SUBJECTS = 75


def relay_until_drained(start: threading.Barrier, published: list[int], errors: list[BaseException]) -> None:
    """One relay worker: its own thread, so its own database connection and its own producer."""
    try:
        start.wait()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            result = relay.relay_pending(batch_size=50)
            published.append(result.published)
            if not result.published and not _pending():
                return
            if not result.published:
                time.sleep(0.01)  # the other worker holds the cursor (or SQLite's lock)
    except BaseException as error:  # surfaced by the test thread
        errors.append(error)
    finally:
        connection.close()


def _pending() -> bool:
    try:
        return unpublished_events().exists()
    except OperationalError:  # SQLite's shared-cache test database: the other worker is writing
        return True


def test_two_relays_in_parallel_publish_each_event_once_in_subject_order(kafka_topics, kafka_settings, kafka_messages):
    bootstrap, kafka_settings.KAFKA_BOOTSTRAP_SERVERS = kafka_settings.KAFKA_BOOTSTRAP_SERVERS, ""
    with transaction.atomic():  # written while no Kafka is configured, so no relay runs on commit
        for number in range(1, EVENTS + 1):
            emit(
                "summit.accounts.user.registered.v1",
                subject=f"user/{number % SUBJECTS + 1}",
                data={"user_id": number, "locale": "en"},
            )
    kafka_settings.KAFKA_BOOTSTRAP_SERVERS = bootstrap
    start = threading.Barrier(2)
    published: dict[str, list[int]] = {"a": [], "b": []}
    errors: list[BaseException] = []
    workers = [
        threading.Thread(target=relay_until_drained, args=(start, published[name], errors)) for name in published
    ]

    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=90)

    assert errors == []
    received = kafka_messages()
    assert Counter(Counter(m.headers["ce_id"] for m in received).values()) == Counter({1: EVENTS})
    assert sum(sum(counts) for counts in published.values()) == EVENTS
    assert unpublished_events().count() == 0
    numbers_by_subject: dict[str, list[int]] = defaultdict(list)
    for message in sorted(received, key=lambda m: (m.partition, m.offset)):
        numbers_by_subject[message.key].append(json.loads(message.value)["user_id"])
    assert all(numbers == sorted(numbers) for numbers in numbers_by_subject.values())
