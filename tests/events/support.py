"""Helpers for the events tests: the broker under test and a reader of everything on its topics."""

import datetime as dt
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, TopicPartition
from django.db import connection

from conference import services
from events import kafka
from events.cursor import CURSOR_NAME, NOTHING_DONE
from events.models import RelayCursor

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "kafka-broker.sh"


@dataclass
class Broker:
    port: int
    data_dir: Path

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        subprocess.run(["bash", str(SCRIPT), "start", str(self.port), str(self.data_dir)], check=True, timeout=60)

    def stop(self) -> None:
        subprocess.run(["bash", str(SCRIPT), "stop", str(self.data_dir)], check=True, timeout=60)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Received:
    topic: str
    partition: int
    offset: int
    key: str
    headers: dict[str, str]
    value: bytes
    raw_headers: list[tuple[str, bytes]]


def read_all(topics: list[str] | None = None, *, timeout: float = 15.0) -> list[Received]:
    """Every message now on the topics, read from the start up to each partition's end."""
    consumer = Consumer(
        kafka.client_config()
        | {"group.id": f"test-reader-{uuid.uuid4().hex}", "enable.auto.commit": False, "enable.partition.eof": True}
    )
    try:
        topics = topics or kafka.all_topics()
        metadata = consumer.list_topics(timeout=10)
        partitions = [
            TopicPartition(topic, partition, OFFSET_BEGINNING)
            for topic in topics
            if topic in metadata.topics
            for partition in metadata.topics[topic].partitions
        ]
        consumer.assign(partitions)
        pending = {(part.topic, part.partition) for part in partitions}
        found: list[Received] = []
        deadline = time.monotonic() + timeout
        while pending and time.monotonic() < deadline:
            message = consumer.poll(0.2)
            if message is None:
                continue
            if message.error():
                if message.error().code() == KafkaError._PARTITION_EOF:
                    pending.discard((message.topic(), message.partition()))
                continue
            raw = message.headers() or []
            found.append(
                Received(
                    topic=message.topic(),
                    partition=message.partition(),
                    offset=message.offset(),
                    key=message.key().decode(),
                    headers={name: value.decode() for name, value in raw},
                    value=message.value(),
                    raw_headers=raw,
                )
            )
        assert not pending, f"partitions not read to their end within {timeout}s: {sorted(pending)}"
        return found
    finally:
        consumer.close()


def wait_until(condition, *, timeout: float = 30.0, interval: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {timeout}s: {condition.__doc__ or condition}")
        time.sleep(interval)


def create_conference(*, by, name: str = "Current", slug: str = "current"):
    """A two-day conference created through the service, so its events go through the outbox."""
    return services.conference_create(
        by=by, name=name, slug=slug, timezone="UTC", start_date=dt.date(2030, 5, 14), end_date=dt.date(2030, 5, 15)
    )


def publish_up_to(last_id: int, **progress) -> None:
    """Put the relay's cursor just past event `last_id`, as a relay run inside this test would have.

    In a test's transaction every event has the test transaction's id; on PostgreSQL the cursor's
    window is then that one transaction, published up to `last_id`.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_xact_id()::text")
            xid = int(cursor.fetchone()[0])
        state = {"done_snapshot": NOTHING_DONE, "window_snapshot": f"{xid}:{xid + 1}:", "window_last_id": last_id}
    else:
        state = {}
    RelayCursor.objects.update_or_create(name=CURSOR_NAME, defaults=state | {"position": last_id} | progress)
