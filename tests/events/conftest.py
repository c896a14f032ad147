"""Fixtures for the events tests: a real Kafka-wire broker (noida-db) on loopback, topics per test."""

import uuid
from typing import Any

import pytest

from events import kafka
from tests.events.support import Broker, free_port, read_all


@pytest.fixture(scope="session")
def kafka_broker(tmp_path_factory) -> Broker:
    """One broker for the whole run; tests keep apart by topic prefix, not by broker."""
    broker = Broker(free_port(), tmp_path_factory.mktemp("noida-db"))
    broker.start()
    yield broker
    broker.stop()


@pytest.fixture
def kafka_settings(settings) -> Any:
    """Kafka settings a test may point at a broker of its own; topics named for this test alone."""
    settings.KAFKA_TOPIC_PREFIX = f"test-{uuid.uuid4().hex[:12]}"
    settings.KAFKA_TOPIC_PARTITIONS = 3
    settings.KAFKA_DELIVERY_TIMEOUT_MS = 3000
    return settings


@pytest.fixture
def kafka_topics(kafka_broker, kafka_settings) -> list[str]:
    """The shared broker configured, with this test's own topics created."""
    kafka_settings.KAFKA_BOOTSTRAP_SERVERS = kafka_broker.bootstrap
    return list(kafka.create_topics())


@pytest.fixture
def kafka_messages():
    """`kafka_messages()`: every message on this test's topics."""
    return read_all
