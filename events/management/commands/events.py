"""`manage.py events <subcommand>`: operate the outbox and its Kafka topics."""

import argparse
import json
import time
from datetime import UTC, datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from events import catalogue, consumers, kafka, operations, projections, relay, selectors


def moment(text: str) -> datetime:
    """An ISO 8601 date or date-time; naive values are UTC."""
    parsed = parse_datetime(text)
    if parsed is None and (day := parse_date(text)) is not None:
        parsed = datetime(day.year, day.month, day.day)
    if parsed is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO 8601 date or date-time")
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=UTC)


class Command(BaseCommand):
    help = "Operate the events outbox and Kafka: status, relay, tail, replay, prune, init-topics, docs."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="subcommand")
        commands.add_parser("status", help="Relay lag: unpublished events, failures, parked events, per-topic counts.")

        relay_parser = commands.add_parser("relay", help="Publish pending events now.")
        relay_parser.add_argument("--loop", action="store_true", help="Keep sweeping (for setups without beat).")
        relay_parser.add_argument("--interval", type=float, default=2.0, help="Seconds between sweeps with --loop.")
        relay_parser.add_argument("--batch-size", type=int, help="Rows per claim (default EVENTS_RELAY_BATCH_SIZE).")

        tail = commands.add_parser("tail", help="Print CloudEvents from Kafka as JSON lines.")
        tail.add_argument("--topic", action="append", dest="topics", help="Repeatable; default: every Summit topic.")
        tail.add_argument("--from-beginning", action="store_true", help="Start at the oldest message, not the newest.")
        tail.add_argument("--max", type=int, dest="max_messages", help="Stop after this many events.")
        tail.add_argument("--timeout", type=float, help="Stop after this many seconds without an event.")

        replay = commands.add_parser("replay", help="Publish already-published events again.")
        replay.add_argument("--since", type=moment, help="Events at or after this time (ISO 8601, UTC if naive).")
        replay.add_argument("--until", type=moment, help="Events before this time.")
        replay.add_argument("--type", action="append", dest="types", default=[], help="Repeatable event type.")

        unpark = commands.add_parser("unpark", help="Send parked events (refused by Kafka) again, oldest first.")
        unpark.add_argument("--subject", default="", help="Only this subject's parked events.")

        prune = commands.add_parser("prune", help="Delete published outbox rows past retention.")
        prune.add_argument("--days", type=int, help="Keep this many days (default EVENTS_RETENTION_DAYS).")

        topics = commands.add_parser("init-topics", help="Create the topics that do not exist yet.")
        topics.add_argument("--partitions", type=int, help="Default KAFKA_TOPIC_PARTITIONS.")
        topics.add_argument("--replication", type=int, help="Default KAFKA_TOPIC_REPLICATION.")

        docs = commands.add_parser("docs", help="Write docs/events.md from the schemas.")
        docs.add_argument("--check", action="store_true", help="Exit non-zero if docs/events.md is stale instead.")

    def handle(self, *args, subcommand: str, **options) -> None:
        getattr(self, "handle_" + subcommand.replace("-", "_"))(**options)

    def handle_status(self, **options) -> None:
        status = selectors.outbox_status()
        if kafka.is_configured():
            self.stdout.write(f"Kafka: {kafka.client_config()['bootstrap.servers']}")
            self._write_broker_health()
        else:
            self.stdout.write(
                self.style.WARNING(
                    "Kafka: not configured (KAFKA_BOOTSTRAP_SERVERS is empty); events wait in the outbox"
                )
            )
        age = ""
        if status.oldest_unpublished_at:
            age = f" (oldest {_duration((timezone.now() - status.oldest_unpublished_at).total_seconds())} old)"
        self.stdout.write(f"Unpublished: {status.unpublished}{age}")
        cursor = status.cursor
        advanced = cursor.advanced_at.isoformat(timespec="seconds") if cursor.advanced_at else "never"
        self.stdout.write(f"Relay last moved on: {advanced}")
        since = f" (failing since {cursor.failing_since.isoformat(timespec='seconds')})" if cursor.failing_since else ""
        if status.blocked_event:
            event = status.blocked_event
            self.stdout.write(
                self.style.WARNING(
                    f"Failing: stopped before #{event.pk} {event.type} {event.subject}"
                    f" after {cursor.failed_runs} failed runs: {cursor.last_error}{since}"
                )
            )
        elif cursor.failing_since:
            self.stdout.write(
                self.style.WARNING(
                    f"Failing since {cursor.failing_since.isoformat(timespec='seconds')}"
                    f" ({cursor.failed_runs} failed runs): {cursor.last_error}"
                )
            )
        else:
            self.stdout.write("Failing: none")
        self.stdout.write(f"Parked (refused by Kafka, see `events unpark`): {status.parked}")
        for parked in status.parked_events:
            event = parked.event
            self.stdout.write(f"  #{event.pk} {event.type} {event.subject}: {parked.error}")
        self.stdout.write(f"{'topic':<32} {'published':>10} {'unpublished':>12}  newest published event")
        for row in status.topics:
            latest = row.latest_published_time.isoformat(timespec="seconds") if row.latest_published_time else "none"
            self.stdout.write(f"{row.topic:<32} {row.published:>10} {row.unpublished:>12}  {latest}")

    def _write_broker_health(self) -> None:
        """The broker asked now, not what the last relay run recorded: it may have gone since."""
        health = kafka.broker_health()
        if health.reachable:
            plural = "" if health.brokers == 1 else "s"
            self.stdout.write(f"Broker: reachable ({health.brokers} broker{plural}, answered in {health.seconds:.2f}s)")
        else:
            self.stdout.write(
                self.style.ERROR(f"Broker: failing, no answer within {health.seconds:.1f}s: {health.error}")
            )

    def handle_relay(self, *, loop: bool, interval: float, batch_size: int | None, **options) -> None:
        while True:
            result = relay.relay_pending(batch_size=batch_size)
            if result.published or result.failed or not loop:
                self.stdout.write(
                    f"published {result.published}, failed {result.failed}, parked {result.parked}"
                    + (f" ({result.skipped})" if result.skipped else "")
                )
            if not loop:
                if result.failed or result.skipped == relay.UNREACHABLE:
                    raise CommandError("Some events could not be published; they stay in the outbox.")
                return
            time.sleep(interval)

    def handle_tail(self, *, topics, from_beginning, max_messages, timeout, **options) -> None:
        for envelope in consumers.tail(
            topics=topics or (), from_beginning=from_beginning, max_messages=max_messages, idle_timeout=timeout
        ):
            self.stdout.write(json.dumps(envelope, ensure_ascii=False))
            self.stdout.flush()

    def handle_replay(self, *, since, until, types, **options) -> None:
        try:
            sent = operations.replay(since=since, until=until, types=types)
        except operations.ReplayFailed as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Replayed {sent} events.")

    def handle_unpark(self, *, subject: str, **options) -> None:
        try:
            outcome = operations.unpark(subject=subject)
        except operations.ReplayFailed as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Published {outcome.published} parked events; {outcome.still_parked} still parked.")
        if outcome.still_parked:
            raise CommandError(f"Kafka still refuses some: {outcome.error}")

    def handle_prune(self, *, days: int | None, **options) -> None:
        published = operations.prune(older_than_days=days)
        processed = projections.prune_processed(older_than=operations.retention_cutoff(days))
        self.stdout.write(f"Deleted {published} published events and {processed} applied event ids.")

    def handle_init_topics(self, *, partitions: int | None, replication: int | None, **options) -> None:
        if not kafka.is_configured():
            raise CommandError("KAFKA_BOOTSTRAP_SERVERS is empty.")
        for topic, outcome in kafka.create_topics(partitions=partitions, replication=replication).items():
            self.stdout.write(f"{topic}: {outcome}")

    def handle_docs(self, *, check: bool, **options) -> None:
        if check:
            if not catalogue.is_current():
                raise CommandError(f"{catalogue.DOCS_PATH} is stale: run `python manage.py events docs`.")
            self.stdout.write(f"{catalogue.DOCS_PATH} is up to date.")
            return
        catalogue.write()
        self.stdout.write(f"Wrote {catalogue.DOCS_PATH}.")


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m{seconds:02d}s" if hours else f"{minutes}m{seconds:02d}s"
