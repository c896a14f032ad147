"""Benchmark of the events relay: throughput against a raw producer, and commit-to-consumer latency.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/summit .venv/bin/python bench/events.py

It starts its own noida-db broker on a loopback port (free, or --broker-port) with its data in a
temporary directory (under --broker-dir when given), creates a throwaway database named after
DATABASE_URL's (`<name>_bench_<pid>`, dropped at the end), and prints one table. Targets: the relay
publishes at least half as fast as a bare confluent-kafka producer sending the same messages, and
at least 20,000 events/s on PostgreSQL; 99% of events reach a consumer within 500 ms of their
commit. Each relay round is compared with the raw round run just before it; medians are reported.
Each round also times the relay's read path alone (its page queries, nothing sent): the ceiling
for any relay reading this outbox on this machine.
"""

import argparse
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the project before bench/ (this script's folder), whose events.py is this file

from events_measure import CpuMeter, ProducerStats, wait_until_idle  # noqa: E402  (bench/, this script's folder)

BROKER_SCRIPT = ROOT / "scripts" / "kafka-broker.sh"
TARGET_SHARE, TARGET_RATE, TARGET_P99_MS = 0.5, 20_000, 500.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000, help="Events per throughput round.")
    parser.add_argument("--rounds", type=int, default=3, help="Throughput rounds; medians are reported.")
    parser.add_argument("--batch-size", type=int, default=5_000, help="Relay rows per claim.")
    parser.add_argument("--latency-events", type=int, default=500, help="Events for the latency measurement.")
    parser.add_argument("--latency-rate", type=float, default=50.0, help="Commits per second while measuring latency.")
    parser.add_argument("--broker-port", type=int, help="Loopback port for the broker (default: a free one).")
    parser.add_argument("--broker-dir", help="Parent directory of the broker's temporary data directory.")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="summit-bench-kafka-", dir=args.broker_dir))
    port = args.broker_port or free_port()
    subprocess.run(["bash", str(BROKER_SCRIPT), "start", str(port), str(data_dir)], check=True, capture_output=True)
    try:
        os.environ["KAFKA_BOOTSTRAP_SERVERS"] = f"127.0.0.1:{port}"
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
    database["TEST"]["NAME"] = f"{database['NAME']}_bench_{os.getpid()}"
    if connection.vendor == "sqlite":
        database["TEST"]["NAME"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    created = setup_databases(verbosity=0, interactive=False)
    try:
        from events import kafka

        rows = []
        print(
            f"database: {connection.vendor}; broker: noida-db at {settings.KAFKA_BOOTSTRAP_SERVERS}; "
            f"{args.events:,} events per round, {args.rounds} rounds, relay batch {args.batch_size:,}"
        )
        database_name = connection.settings_dict["NAME"] if connection.vendor == "postgresql" else None
        producer_config = kafka.producer_config()
        relay_stats = ProducerStats()
        # The relay's producer reports its produce requests; nothing else of its config changes.
        kafka.producer_config = lambda: producer_config | relay_stats.config
        for round_number in range(1, args.rounds + 1):
            with fresh_topics(broker_pid):
                cpu = CpuMeter(broker_pid, None)
                rows.append(("raw", round_number, *raw_producer(args.events, cpu, producer_config), cpu.spent))
            with fresh_topics(broker_pid):
                cpu = CpuMeter(broker_pid, database_name)
                rows.append(("relay", round_number, *relay(args.events, args.batch_size, cpu, relay_stats), cpu.spent))
            cpu = CpuMeter(broker_pid, database_name)
            rows.append(("read", round_number, *read_only(args.events, args.batch_size, cpu), cpu.spent))
        with fresh_topics(broker_pid):
            latencies = commit_to_consumer_latency(args.latency_events, args.latency_rate)
        report(rows, latencies, connection.vendor, args.batch_size)
    finally:
        teardown_databases(created, verbosity=0)


@contextlib.contextmanager
def fresh_topics(broker_pid: int) -> Iterator[None]:
    """Topics of its own for one side of one round, deleted afterwards, then a quiet broker.

    noida-db saves all its Kafka data to one JSON file a second or two after writes, at a CPU cost
    that grows with everything stored (about 1 CPU second per 100,000 of these messages). Kept
    topics would make every round pay for the rounds before, and the save after one side's writes
    would land in the next side's measurement; so each side starts on an empty, idle broker.
    """
    from confluent_kafka.admin import AdminClient
    from django.conf import settings

    from events import kafka

    settings.KAFKA_TOPIC_PREFIX = f"bench-{uuid.uuid4().hex[:8]}"
    topics = list(kafka.create_topics())
    try:
        yield
    finally:
        admin = AdminClient(kafka.client_config())  # kept until the futures resolve
        for future in admin.delete_topics(topics, request_timeout=30).values():
            future.result()
        wait_until_idle(broker_pid)


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

    from events.models import OutboxEvent
    from events.services import source_for, topic_for

    now = timezone.now()
    batch = [
        OutboxEvent(
            source=source_for("kafka-summit-sf-2030"),
            type=event_type,
            subject=subject,
            time=now,
            data=data,
            topic=topic_for(event_type),
        )
        for event_type, subject, data in sample_messages(count)
    ]
    OutboxEvent.objects.bulk_create(batch, batch_size=5_000)


def raw_producer(count: int, cpu: CpuMeter, config: dict) -> tuple[int, float, int]:
    """The same messages (topic, key, headers, JSON value) from one producer with the relay's config,
    which includes its delivery mode: librdkafka reports failed deliveries only."""
    from confluent_kafka import Producer

    from events import cloudevents
    from events.services import source_for, topic_for

    messages = []
    for event_type, subject, data in sample_messages(count):
        headers = cloudevents.binary_headers(
            event_id=str(uuid.uuid4()),
            source=source_for("kafka-summit-sf-2030"),
            event_type=event_type,
            subject=subject,
            time="2030-09-30T09:00:00.123456Z",
            content_type="application/json",
        )
        messages.append((topic_for(event_type), subject, json.dumps(data).encode(), headers))
    stats = ProducerStats()
    failed = [0]

    def on_failure(_error, _message) -> None:  # the relay's config reports failed deliveries only
        failed[0] += 1

    producer = Producer(config | stats.config)
    producer.list_topics(timeout=10)  # connected before the clock starts, as the relay's producer is
    requests_before = stats.produce_requests(producer)
    cpu.__enter__()
    started = time.perf_counter()
    for topic, key, value, headers in messages:
        try:
            producer.produce(topic, value, key, headers=headers, on_delivery=on_failure)
        except BufferError:
            producer.poll(1.0)
            producer.produce(topic, value, key, headers=headers, on_delivery=on_failure)
    producer.flush(60)
    elapsed = time.perf_counter() - started
    cpu.__exit__()
    return len(messages) - failed[0], elapsed, stats.produce_requests(producer) - requests_before


def relay(count: int, batch_size: int, cpu: CpuMeter, stats: ProducerStats) -> tuple[int, float, int]:
    from events import kafka
    from events import relay as outbox_relay
    from events.cursor import unpublished_events

    insert_outbox(count)
    producer = kafka.get_publisher().producer
    producer.list_topics(timeout=10)
    requests_before = stats.produce_requests(producer)
    cpu.__enter__()
    started = time.perf_counter()
    result = outbox_relay.relay_pending(batch_size=batch_size, max_seconds=600)
    elapsed = time.perf_counter() - started
    cpu.__exit__()
    assert result.failed == 0 and not unpublished_events().exists(), result
    return result.published, elapsed, stats.produce_requests(producer) - requests_before


def read_only(count: int, batch_size: int, cpu: CpuMeter) -> tuple[int, float, int]:
    """The relay's read path alone: its page queries over `count` new events, nothing sent.

    No relay can publish faster than it reads the outbox, so this is the ceiling for any relay on
    this machine. The cursor is then saved past the events, as if they had been published.
    """
    from django.db import connection, transaction

    from events.postgres_relay import PostgresOutbox
    from events.sqlite_relay import SqliteOutbox

    insert_outbox(count)
    outbox = PostgresOutbox() if connection.vendor == "postgresql" else SqliteOutbox()
    cpu.__enter__()
    started = time.perf_counter()
    read = 0
    try:
        with transaction.atomic():
            state = outbox.lock()
            while True:
                _, rows, state = outbox.next_page(state, batch_size)
                if not rows:
                    break
                read += len(rows)
            outbox.stop_reading()
            elapsed = time.perf_counter() - started
            cpu.__exit__()
            outbox.save(state, advanced=True, blocked_event_id=None, error="")
    finally:
        outbox.close()
    return read, elapsed, 0


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


def report(rows: list[tuple], latencies: list[float], vendor: str, batch_size: int) -> None:
    """One line per side and round, then the medians over rounds: on a shared machine a single round
    can be slowed by anything else running, and each relay round is compared with the raw round
    just before it."""
    cores = os.cpu_count() or 1
    print()
    print(
        f"{'':<18} {'round':>5} {'events':>8} {'seconds':>7} {'events/s':>9} {'of raw':>6} {'requests':>8} "
        f"{'msgs/req':>8}   CPU s: python + postgres + broker = total (floor on {cores} cores)"
    )
    raw_rate: dict[int, float] = {}
    rates: dict[str, list[float]] = {"raw": [], "relay": [], "read": []}
    shares, cpu_spent = [], {"raw": [], "relay": [], "read": []}
    for side, round_number, count, seconds, requests, cpu in rows:
        rate = count / seconds
        rates[side].append(rate)
        cpu_spent[side].append(cpu)
        if side == "raw":
            raw_rate[round_number] = rate
        elif side == "relay":
            shares.append(rate / raw_rate[round_number])
        label = {"raw": "raw producer", "relay": f"relay, batch {batch_size:,}", "read": "reading alone"}[side]
        total = sum(cpu.values())
        print(
            f"{label:<18} {round_number:>5} {count:>8,} {seconds:>7.2f} {rate:>9,.0f} "
            f"{rate / raw_rate[round_number]:>6.0%} {requests:>8,} {count / max(requests, 1):>8,.0f}   "
            f"{cpu['python']:.2f} + {cpu.get('postgres', 0):.2f} + {cpu['broker']:.2f} = {total:.2f} "
            f"({total / cores:.2f} s)"
        )
    print()
    for side in ("raw", "relay", "read"):
        median_cpu = {name: statistics.median(cpu[name] for cpu in cpu_spent[side]) for name in cpu_spent[side][0]}
        print(
            f"median {side:<5} {statistics.median(rates[side]):>9,.0f} events/s; CPU s: "
            + ", ".join(f"{name} {seconds:.2f}" for name, seconds in median_cpu.items())
        )
    p50 = statistics.median(latencies)
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)]
    print()
    print(
        f"commit → consumer latency over {len(latencies)} events: p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
        f"max {latencies[-1]:.1f} ms"
    )
    print()
    share, relay_rate = statistics.median(shares), statistics.median(rates["relay"])
    checks = [
        (f"relay ≥ {TARGET_SHARE:.0%} of raw producer", share >= TARGET_SHARE, f"{share:.0%} (median of rounds)"),
        (f"relay ≥ {TARGET_RATE:,} events/s", relay_rate >= TARGET_RATE, f"{relay_rate:,.0f}/s ({vendor}, median)"),
        (f"p99 ≤ {TARGET_P99_MS:.0f} ms", p99 <= TARGET_P99_MS, f"{p99:.1f} ms"),
    ]
    for label, passed, measured in checks:
        print(f"{'PASS' if passed else 'FAIL'}  {label:<32} {measured}")
    read_share = statistics.median(rates["read"]) / statistics.median(rates["raw"])
    print(
        f"note  reading the outbox alone reaches {read_share:.0%} of the raw producer's rate: no relay that "
        "reads it can go faster on this machine"
    )


if __name__ == "__main__":
    main()
