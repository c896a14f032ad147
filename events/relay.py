"""The outbox relay: claim a batch of pending rows, publish it to Kafka, mark what was acknowledged.

Claim, publish and mark run in one transaction per batch. The claim takes rows of the narrow
OutboxPending table; the mark deletes them and sets `published_at` on the outbox rows (a HOT
update: no index covers it). A published mark is committed only once the row's delivery report
arrived; anything else stays pending, with `attempts` and `last_error` on the outbox row, and is
retried by the next run.

On PostgreSQL (events/postgres_relay.py) the claim is `… FOR UPDATE SKIP LOCKED`, so parallel
relays take disjoint batches and a row is never in two relays' hands at once, and the next batch
is claimed and sent while the reports of the one before arrive. SQLite has no row locks: Django
drops the FOR UPDATE, and the `BEGIN IMMEDIATE` the settings ask for takes the database's write
lock instead, so relays run one after the other, one batch at a time (below).
"""

import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import F, Func, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from events import cloudevents, kafka, postgres_relay
from events.models import OutboxEvent, OutboxPending

logger = logging.getLogger(__name__)

# data is read as JSON text: the value Kafka gets is that text, with no decode/encode round trip.
COLUMNS = ("id", "event_id_text", "source", "type", "subject", "time_text", "datacontenttype", "topic", "data_json")
Row = tuple[Any, ...]


@dataclass
class RelayResult:
    published: int = 0
    failed: int = 0
    # Rows left for later because an earlier event of the same subject was in another relay's batch:
    # publishing them now could overtake it and break the aggregate's order.
    deferred: int = 0
    batches: int = 0
    skipped: str = ""  # why nothing was tried: one of the reasons below
    fatal: bool = False  # the producer hit an error it cannot recover from

    @property
    def should_retry(self) -> bool:
        return bool(self.failed) or self.skipped == UNREACHABLE


NOT_CONFIGURED = "KAFKA_BOOTSTRAP_SERVERS is empty"
UNREACHABLE = "the broker is unreachable"
COOLING_DOWN = "the broker was unreachable moments ago"
DATABASE_BUSY = "another connection holds the database's write lock"


class ReplayFailed(RuntimeError):
    pass


_warned_unconfigured = False


def relay_pending(
    *, batch_size: int | None = None, max_seconds: float | None = None, in_request: bool = False
) -> RelayResult:
    """Publish unpublished outbox rows, batch after batch, until none is left or time is up.

    `in_request` is set when a web request runs the relay in-process (Celery eager): then a broker
    that was just found unreachable is not tried again for a while, so requests do not wait on it.
    """
    result = RelayResult()
    if not kafka.is_configured():
        _warn_unconfigured()
        result.skipped = NOT_CONFIGURED
        return result
    publisher = kafka.get_publisher()
    if in_request and publisher.in_cooldown():
        result.skipped = COOLING_DOWN
        return result
    if not publisher.reachable and not publisher.probe():
        result.skipped = UNREACHABLE
        return result
    size = batch_size or settings.EVENTS_RELAY_BATCH_SIZE
    deadline = time.monotonic() + (max_seconds or settings.EVENTS_RELAY_MAX_SECONDS)
    if connection.vendor == "postgresql":
        postgres_relay.relay_batches(publisher, size, deadline, result, _messages)
        if result.fatal:
            kafka.discard_publisher()
        return result
    while True:
        try:
            published, failed, deferred, fatal = _relay_batch(publisher, size)
        except OperationalError as error:
            if not _is_sqlite_lock(error):
                raise
            # Another relay or request holds SQLite's write lock (PostgreSQL's SKIP LOCKED never waits).
            result.skipped = DATABASE_BUSY
            return result
        result.batches += 1
        result.published += published
        result.failed += failed
        result.deferred += deferred
        if fatal:
            kafka.discard_publisher()
        # Stop on failure (the broker is in trouble; later rows must not overtake the failed ones),
        # when nothing is left, or when what is left waits on another relay's batch.
        if failed or not published or time.monotonic() > deadline:
            return result


def _relay_batch(publisher: kafka.Publisher, size: int) -> tuple[int, int, int, bool]:
    with transaction.atomic():
        # The claim locks the narrow pending rows only; the wide outbox rows are read, not locked.
        claimed_ids = list(
            OutboxPending.objects.order_by("pk").select_for_update(skip_locked=True).values_list("pk", flat=True)[:size]
        )
        if not claimed_ids:
            return 0, 0, 0, False
        ids = _without_overtaking(claimed_ids)
        rows = list(with_header_columns(OutboxEvent.objects.filter(id__in=ids)).order_by("id").values_list(*COLUMNS))
        in_flight = publisher.send(_messages(rows))
        # The marks are written while the messages are in flight, so the database and the broker
        # work at once; they are committed only below, after every delivery report, and rows whose
        # delivery failed are unmarked (and pending again) first. A crash before the commit rolls
        # every mark back.
        now = timezone.now()
        _mark_published(ids, now)
        delivery = publisher.wait(in_flight)
        _unmark_failed(delivery.failed, now, {row[0]: row[4] for row in rows})
    return len(delivery.delivered), len(delivery.failed), len(claimed_ids) - len(ids), delivery.fatal


def with_header_columns(events: QuerySet[OutboxEvent]) -> QuerySet[OutboxEvent]:
    """Add the columns a message is built from, as text where the database can make it.

    PostgreSQL renders the id and time as the header text itself, and data as its JSON text:
    loading a UUID and a datetime into Python per row and formatting them again cost more than the
    query. Elsewhere the typed values come back and _messages formats them.
    """
    if connection.vendor == "postgresql":
        texts = {
            "event_id_text": Cast("event_id", TextField()),
            "time_text": Func("time", template=cloudevents.RFC3339_UTC_SQL, output_field=TextField()),
        }
    else:
        texts = {"event_id_text": F("event_id"), "time_text": F("time")}
    return events.annotate(**texts, data_json=Cast("data", TextField()))


def _without_overtaking(claimed: Sequence[int]) -> list[int]:
    """Drop ids that an earlier pending row of the same subject, not in this batch, precedes.

    Such a row is locked by a parallel relay (or was committed late); it must reach Kafka first.
    The count is the cheap common case: every pending row up to our last one is ours.
    """
    ids = set(claimed)
    last_id = claimed[-1]
    earlier = OutboxPending.objects.filter(pk__lte=last_id)
    if earlier.count() == len(ids):
        return list(claimed)
    subjects = dict(OutboxPending.objects.filter(pk__in=claimed).values_list("pk", "subject"))
    first_foreign: dict[str, int] = {}
    for row_id, subject in earlier.order_by("pk").values_list("pk", "subject"):
        if row_id not in ids:
            first_foreign.setdefault(subject, row_id)
    return [row_id for row_id in claimed if row_id < first_foreign.get(subjects[row_id], last_id + 1)]


def _messages(rows: Iterable[Row]) -> Iterator[kafka.OutgoingMessage]:
    for row_id, event_id, source, event_type, subject, moment, content_type, topic, data_json in rows:
        headers = cloudevents.binary_headers(
            event_id=str(event_id),
            source=source,
            event_type=event_type,
            subject=subject,
            time=moment if isinstance(moment, str) else cloudevents.format_time(moment),
            content_type=content_type,
        )
        yield row_id, topic, subject, data_json.encode(), headers


def _unmark_failed(failed: dict[int, str], now: datetime, subjects: dict[int, str]) -> None:
    if not failed:
        return
    by_error: dict[str, list[int]] = defaultdict(list)
    for row_id, error in failed.items():
        by_error[error].append(row_id)
    for error, row_ids in by_error.items():
        OutboxEvent.objects.filter(id__in=row_ids).update(
            published_at=None, last_error=f"{now:%Y-%m-%d %H:%M:%S} UTC: {error}"[:1000]
        )
    OutboxPending.objects.bulk_create(
        [OutboxPending(event_id=row_id, subject=subjects[row_id]) for row_id in sorted(failed)]
    )


def _mark_published(row_ids: list[int], now: datetime) -> None:
    if row_ids:
        OutboxEvent.objects.filter(id__in=row_ids).update(published_at=now, attempts=F("attempts") + 1)
        OutboxPending.objects.filter(event_id__in=row_ids).delete()


def replay(
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    types: Sequence[str] = (),
    batch_size: int | None = None,
) -> int:
    """Publish already-published events again, in outbox order, e.g. to rebuild a consumer's state.

    Consumers dedupe by (source, id), so a replay only adds what they had lost. Unpublished rows are
    left to the relay. Returns how many events were sent.
    """
    if not kafka.is_configured():
        raise ReplayFailed("KAFKA_BOOTSTRAP_SERVERS is empty: there is no Kafka to replay to")
    events = replay_queryset(since=since, until=until, types=types)
    publisher = kafka.get_publisher()
    size = batch_size or settings.EVENTS_RELAY_BATCH_SIZE
    sent, last_id = 0, 0
    while rows := list(events.filter(id__gt=last_id).values_list(*COLUMNS)[:size]):
        delivery = publisher.publish(_messages(rows))
        if delivery.failed:
            reason = next(iter(delivery.failed.values()))
            raise ReplayFailed(f"{len(delivery.failed)} events not acknowledged after {sent} sent: {reason}")
        sent += len(delivery.delivered)
        last_id = rows[-1][0]
    return sent


def replay_queryset(*, since: datetime | None, until: datetime | None, types: Sequence[str]) -> QuerySet[OutboxEvent]:
    events = OutboxEvent.objects.filter(published_at__isnull=False).order_by("id")
    if since:
        events = events.filter(time__gte=since)
    if until:
        events = events.filter(time__lt=until)
    if types:
        events = events.filter(type__in=types)
    return with_header_columns(events)


def retention_cutoff(older_than_days: int | None = None) -> datetime:
    days = settings.EVENTS_RETENTION_DAYS if older_than_days is None else older_than_days
    return timezone.now() - timedelta(days=days)


def prune(*, older_than_days: int | None = None) -> int:
    """Delete published rows past retention, in chunks so no statement holds locks for long."""
    cutoff = retention_cutoff(older_than_days)
    deleted = 0
    while ids := list(
        OutboxEvent.objects.filter(published_at__lt=cutoff).order_by("id").values_list("id", flat=True)[:10_000]
    ):
        deleted += OutboxEvent.objects.filter(id__in=ids).delete()[0]
    return deleted


def _warn_unconfigured() -> None:
    global _warned_unconfigured
    if not _warned_unconfigured:
        _warned_unconfigured = True
        logger.warning("KAFKA_BOOTSTRAP_SERVERS is empty: events stay in the outbox (see `manage.py events status`).")


def _is_sqlite_lock(error: OperationalError) -> bool:
    return connection.vendor == "sqlite" and "locked" in str(error)
