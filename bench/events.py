"""Benchmark of the events relay: throughput against a raw producer, and commit-to-consumer latency.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/summit .venv/bin/python bench/events.py

It starts its own noida-db broker on a free loopback port, creates a throwaway database next to
DATABASE_URL's (dropped at the end), and prints one table. Targets: the relay publishes at least
half as fast as a bare confluent-kafka producer sending the same messages, and at least 20,000
events/s on PostgreSQL; 99% of events reach a consumer within 500 ms of their commit.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BROKER_SCRIPT = ROOT / "scripts" / "kafka-broker.sh"
TARGET_SHARE, TARGET_RATE, TARGET_P99_MS = 0.5, 20_000, 500.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process on this machine (all its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU spent by this process (relay or producer, with librdkafka's threads), the PostgreSQL
    backend serving it and the broker, while one round runs: on a small machine they share the
    cores, so their sum over the core count is the floor under the round's wall time."""

    def __init__(self, broker_pid: int, database_pid: int | None) -> None:
        self.pids = {"python": os.getpid(), "broker": broker_pid}
        if database_pid:
            self.pids["postgres"] = database_pid

    def __enter__(self) -> "CpuMeter":
        self.start = {name: cpu_seconds(pid) for name, pid in self.pids.items()}
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.spent = {name: cpu_seconds(pid) - self.start[name] for name, pid in self.pids.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000, help="Events per throughput round.")
    parser.add_argument("--rounds", type=int, default=2, help="Throughput rounds; the best of each side counts.")
    parser.add_argument("--batch-size", type=int, default=5_000, help="Relay rows per claim.")
    parser.add_argument("--latency-events", type=int, default=500, help="Events for the latency measurement.")
    parser.add_argument("--latency-rate", type=float, default=50.0, help="Commits per second while measuring latency.")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="summit-bench-kafka-"))
    port = free_port()
    subprocess.run(["bash", str(BROKER_SCRIPT), "start", str(port), str(data_dir)], check=True, capture_output=True)
    try:
        os.environ["KAFKA_BOOTSTRAP_SERVERS"] = f"127.0.0.1:{port}"
        os.environ["KAFKA_TOPIC_PREFIX"] = f"bench-{uuid.uuid4().hex[:8]}"
        os.environ.pop("REDIS_URL", None)  # the relay runs in-process on commit, as in the embedded profile
        os.environ.pop("CELERY_BROKER_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings.base")
        run(args, broker_pid=int((data_dir / "broker.pid").read_text()))
    finally:
        subprocess.run(["bash", str(BROKER_SCRIPT), "stop", str(data_dir)], check=False, capture_output=True)
        subprocess.run(["rm", "-rf", str(data_dir)], check=False)


def run(args: argparse.Namespace, *, broker_pid: int) -> None:
    import django

    django.setup()
    import logging

    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    logging.getLogger("celery").setLevel(logging.WARNING)
    database = connection.settings_dict
    # Never the test suite's database, nor the one DATABASE_URL names.
    database["TEST"]["NAME"] = f"summit_bench_{os.getpid()}"
    if connection.vendor == "sqlite":
        database["TEST"]["NAME"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    created = setup_databases(verbosity=0, interactive=False)
    try:
        from events import kafka

        kafka.create_topics()
        rows = []
        print(f"database: {connection.vendor}; broker: noida-db at {settings.KAFKA_BOOTSTRAP_SERVERS}; "
              f"{args.events:,} events per round, relay batch {args.batch_size:,}")  # fmt: skip
        database_pid = None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                database_pid = cursor.fetchone()[0]
        for round_number in range(1, args.rounds + 1):
            cpu = CpuMeter(broker_pid, None)
            rows.append(("raw confluent-kafka producer", round_number, *raw_producer(args.events, cpu), cpu.spent))
            cpu = CpuMeter(broker_pid, database_pid)
            rows.append((f"relay, batch {args.batch_size:,}", round_number, *relay(args.events, args.batch_size, cpu),
                         cpu.spent))  # fmt: skip
        latencies = commit_to_consumer_latency(args.latency_events, args.latency_rate)
        report(rows, latencies, connection.vendor)
    finally:
        teardown_databases(created, verbosity=0)


def sample_messages(count: int) -> list[tuple[str, str, dict]]:
    """(type, subject, data): a conference's settings change, a typical payload of ~700 bytes."""
    data = {
        "conference_id": 1,
        "name": "Kafka Summit San Francisco 2030",
        "slug": "kafka-summit-sf-2030",
        "timezone": "America/Los_Angeles",
        "start_date": "2030-09-30",
        "end_date": "2030-10-01",
        "venue": "Hilton San Francisco Union Square",
        "venue_address": "333 O'Farrell St, San Francisco, CA 94102",
        "website": "https://kafka-summit.example/sf-2030",
        "is_public": True,
        "cfp_opens_at": "2030-03-01T08:00:00Z",
        "cfp_closes_at": "2030-05-01T23:59:00Z",
        "review_opens_at": None,
        "review_closes_at": None,
        "notification_date": None,
        "slides_draft_deadline": None,
        "slides_final_days_before": 3,
        "slides_final_time": "18:00:00",
        "pass_value": "1295.00",
        "currency": "USD",
        "changed_fields": ["venue"],
    }
    return [("summit.conference.conference.updated.v1", f"conference/c{n % 1000}", data) for n in range(count)]


def insert_outbox(count: int) -> None:
    from django.utils import timezone

    from events.models import OutboxEvent, OutboxPending
    from events.services import source_for, topic_for

    now = timezone.now()
    batch = [
        OutboxEvent(source=source_for("kafka-summit-sf-2030"), type=event_type, subject=subject, time=now, data=data,
                    topic=topic_for(event_type))
        for event_type, subject, data in sample_messages(count)
    ]  # fmt: skip
    OutboxEvent.objects.bulk_create(batch, batch_size=5_000)
    # What emit() writes next to each row: the relay's to-do list.
    OutboxPending.objects.bulk_create(
        [OutboxPending(event_id=event.pk, subject=event.subject) for event in batch], batch_size=5_000
    )


def raw_producer(count: int, cpu: CpuMeter) -> tuple[int, float]:
    """The same messages (topic, key, headers, JSON value) from one producer with the relay's config."""
    import json

    from confluent_kafka import Producer

    from events import cloudevents, kafka
    from events.services import source_for, topic_for

    messages = []
    for event_type, subject, data in sample_messages(count):
        headers = cloudevents.binary_headers(
            event_id=str(uuid.uuid4()), source=source_for("kafka-summit-sf-2030"), event_type=event_type,
            subject=subject, time="2030-09-30T09:00:00.123456Z", content_type="application/json",
        )  # fmt: skip
        messages.append((topic_for(event_type), subject, json.dumps(data).encode(), headers))
    producer = Producer(kafka.producer_config())
    delivered = [0]

    def on_delivery(error, _message) -> None:
        if error is None:
            delivered[0] += 1

    producer.list_topics(timeout=10)  # connected before the clock starts, as the relay's producer is
    cpu.__enter__()
    started = time.perf_counter()
    for topic, key, value, headers in messages:
        try:
            producer.produce(topic, value, key, headers=headers, on_delivery=on_delivery)
        except BufferError:
            producer.poll(1.0)
            producer.produce(topic, value, key, headers=headers, on_delivery=on_delivery)
    producer.flush(60)
    elapsed = time.perf_counter() - started
    cpu.__exit__()
    return delivered[0], elapsed


def relay(count: int, batch_size: int, cpu: CpuMeter) -> tuple[int, float]:
    from events import relay as outbox_relay
    from events.models import OutboxEvent

    insert_outbox(count)
    cpu.__enter__()
    started = time.perf_counter()
    result = outbox_relay.relay_pending(batch_size=batch_size, max_seconds=600)
    elapsed = time.perf_counter() - started
    cpu.__exit__()
    assert result.failed == 0 and not OutboxEvent.objects.filter(published_at__isnull=True).exists(), result
    return result.published, elapsed


def commit_to_consumer_latency(count: int, rate: float) -> list[float]:
    """Milliseconds from each event's commit until a consumer of its topic has it."""
    from confluent_kafka import OFFSET_END, Consumer, TopicPartition
    from django.db import transaction

    from events import kafka
    from events.services import emit, topic_for

    event_type = "summit.accounts.user.registered.v1"
    topic = topic_for(event_type)
    consumer = Consumer(kafka.client_config() | {"group.id": f"bench-{uuid.uuid4().hex}", "fetch.wait.max.ms": 10})
    partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
    consumer.assign([TopicPartition(topic, partition, OFFSET_END) for partition in partitions])
    consumer.poll(1.0)  # let the assignment settle at the end of each partition
    committed_at: dict[str, float] = {}
    received_at: dict[str, float] = {}
    stop = threading.Event()

    def consume() -> None:
        while not stop.is_set():
            message = consumer.poll(0.05)
            if message is not None and message.error() is None:
                event_id = dict(message.headers())["ce_id"].decode()
                received_at[event_id] = time.perf_counter()

    reader = threading.Thread(target=consume)
    reader.start()
    try:
        for number in range(1, count + 1):
            with transaction.atomic():
                # Registered before emit's relay callback, so it runs first: the moment of commit.
                event_holder: list = []
                transaction.on_commit(
                    lambda holder=event_holder: committed_at.__setitem__(str(holder[0]), time.perf_counter())
                )
                event = emit(event_type, subject=f"user/{number}", data={"user_id": number, "locale": "en"})
                event_holder.append(event.event_id)
            time.sleep(1 / rate)
        deadline = time.monotonic() + 10
        while len(received_at) < count and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        reader.join()
        consumer.close()
    missing = set(committed_at) - set(received_at)
    assert not missing, f"{len(missing)} events never reached the consumer"
    return sorted((received_at[event_id] - committed) * 1000 for event_id, committed in committed_at.items())


def report(rows: list[tuple], latencies: list[float], vendor: str) -> None:
    raw_best = max(count / seconds for label, _, count, seconds, _ in rows if label.startswith("raw"))
    relay_best = max(count / seconds for label, _, count, seconds, _ in rows if label.startswith("relay"))
    cores = os.cpu_count() or 1
    print()
    print(f"{'':<30} {'round':>5} {'events':>8} {'seconds':>7} {'events/s':>9} {'of raw':>6}   "
          f"CPU seconds: python + postgres + broker = total (floor on {cores} cores)")  # fmt: skip
    for label, round_number, count, seconds, cpu in rows:
        rate = count / seconds
        total = sum(cpu.values())
        print(f"{label:<30} {round_number:>5} {count:>8,} {seconds:>7.2f} {rate:>9,.0f} {rate / raw_best:>6.0%}   "
              f"{cpu['python']:.2f} + {cpu.get('postgres', 0):.2f} + {cpu['broker']:.2f} = {total:.2f} "
              f"({total / cores:.2f} s)")  # fmt: skip
    p50 = statistics.median(latencies)
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)]
    print()
    print(f"commit → consumer latency over {len(latencies)} events: p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
          f"max {latencies[-1]:.1f} ms")  # fmt: skip
    print()
    share = relay_best / raw_best
    checks = [
        (f"relay ≥ {TARGET_SHARE:.0%} of raw producer", relay_best >= TARGET_SHARE * raw_best, f"{share:.0%}"),
        (f"relay ≥ {TARGET_RATE:,} events/s", relay_best >= TARGET_RATE, f"{relay_best:,.0f}/s ({vendor})"),
        (f"p99 ≤ {TARGET_P99_MS:.0f} ms", p99 <= TARGET_P99_MS, f"{p99:.1f} ms"),
    ]  # fmt: skip
    for label, passed, measured in checks:
        print(f"{'PASS' if passed else 'FAIL'}  {label:<32} {measured}")


if __name__ == "__main__":
    main()
