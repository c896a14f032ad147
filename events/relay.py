"""The outbox relay: publish what has committed, in order, and move the cursor once Kafka has it.

A run is one transaction: it locks the cursor (events/cursor.py), reads the next pages of events
after it, hands them to the producer, waits for every delivery report and then moves the cursor
past what was acknowledged, all before it commits. Nothing is written to the outbox rows: the
cursor's one row says what is published. A crash before the commit leaves the cursor where it
was, and the events are sent again (at least once; consumers dedupe by `source` + `id`).

When a delivery fails, the cursor stops just before that event and the run reports the failure;
the next run (a retry with backoff, or the periodic sweep) sends it and everything after it again.
Before a run that follows a failure, or once librdkafka reported the connection lost (its error
callback, served at the start of each run), the relay asks the broker for metadata with a short
timeout; when no broker answers, the run is recorded as failed at once rather than after the
producer's delivery timeout, and nothing is sent.
An event Kafka refuses for its content (too large, say) would stop the outbox for good, so it is
parked instead (ParkedEvent), with every later event of its subject behind it, and the rest flows.

PostgreSQL (events/postgres_relay.py) lets one relay publish at a time (`FOR UPDATE SKIP LOCKED`
on the cursor: a second relay skips at once) and reads transaction snapshots to know what has
committed; SQLite (events/sqlite_relay.py) serialises writers, so an id is enough.
"""

import contextlib
import gc
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from events import kafka
from events.cursor import CursorState, record_unreachable
from events.messages import Row, messages
from events.models import ParkedEvent
from events.postgres_relay import PostgresOutbox
from events.sqlite_relay import SqliteOutbox

logger = logging.getLogger(__name__)

# A run commits the cursor at least this often, so a crash re-sends at most this much.
RUN_SECONDS = 1.0


@dataclass
class RelayResult:
    published: int = 0
    failed: int = 0
    parked: int = 0
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
ANOTHER_RELAY = "another relay is publishing the outbox"


class RelayInTransaction(RuntimeError):
    """The relay was called inside a transaction, where PostgreSQL would count the caller's own
    uncommitted events as committed (and its later ones as published)."""


_warned_unconfigured = False


def relay_pending(
    *, batch_size: int | None = None, max_seconds: float | None = None, in_request: bool = False
) -> RelayResult:
    """Publish committed events after the cursor, run after run, until none is left or time is up.

    `in_request` is set when a web request runs the relay in-process (Celery eager): then a broker
    that was just found unreachable is not tried again for a while, so requests do not wait on it.
    """
    result = RelayResult()
    if not kafka.is_configured():
        _warn_unconfigured()
        result.skipped = NOT_CONFIGURED
        return result
    postgres = connection.vendor == "postgresql"
    if postgres and connection.in_atomic_block:
        raise RelayInTransaction("run the relay after commit (transaction.on_commit), not inside a transaction")
    publisher = kafka.get_publisher()
    if in_request and publisher.in_cooldown():
        result.skipped = COOLING_DOWN
        return result
    if publisher.needs_probe() and not publisher.probe():
        _record_unreachable(publisher.unreachable_reason)
        result.skipped = UNREACHABLE
        return result
    size = batch_size or settings.EVENTS_RELAY_BATCH_SIZE
    deadline = time.monotonic() + (max_seconds or settings.EVENTS_RELAY_MAX_SECONDS)
    outbox = PostgresOutbox() if postgres else SqliteOutbox()
    while True:
        try:
            ended = _run(publisher, outbox, size, min(deadline, time.monotonic() + RUN_SECONDS), result)
        except OperationalError as error:
            if not _is_sqlite_lock(error):
                raise
            result.skipped = DATABASE_BUSY  # another relay or a request holds SQLite's write lock
            return result
        if result.fatal:
            kafka.discard_publisher()
        if ended is None:
            result.skipped = ANOTHER_RELAY
            return result
        if result.failed or time.monotonic() >= deadline:
            return result
        # Drained: but a commit the locked cursor made skip its own relay may have landed since.
        if ended.drained and not outbox.outstanding(ended.state):
            return result


@dataclass
class SentPage:
    start: CursorState
    rows: list[Row]
    delivery: kafka.Delivery


@dataclass
class RunEnd:
    state: CursorState
    drained: bool


class Outbox(Protocol):
    """How a run reads the outbox and keeps its cursor: PostgresOutbox or SqliteOutbox."""

    @property
    def pages_per_run(self) -> int | None: ...

    def lock(self) -> CursorState | None: ...

    def next_page(self, state: CursorState, size: int) -> tuple[CursorState, list[Row], CursorState]: ...

    def stop_reading(self) -> None: ...

    def save(self, state: CursorState, *, advanced: bool, blocked_event_id: int | None, error: str) -> None: ...

    def outstanding(self, state: CursorState) -> bool: ...

    def close(self) -> None: ...


def _run(publisher: kafka.Publisher, outbox: Outbox, size: int, due: float, result: RelayResult) -> RunEnd | None:
    """One transaction: lock the cursor, send pages until nothing is left or the run is due, wait for
    their reports, park what Kafka refused, move the cursor. None when another relay holds it."""
    try:
        with transaction.atomic(), _collector_paused():
            start = outbox.lock()
            if start is None:
                return None
            blocked = set(ParkedEvent.objects.order_by().values_list("subject", flat=True).distinct())
            pages: list[SentPage] = []
            state, drained = start, False
            try:
                while not drained and time.monotonic() < due and len(pages) != outbox.pages_per_run:
                    page_start, rows, state = outbox.next_page(state, size)
                    if rows:
                        pages.append(SentPage(page_start, rows, publisher.send(messages(rows), blocked=blocked)))
                    drained = not rows
            finally:
                outbox.stop_reading()  # a page read ahead is dropped: the cursor stops before it
            publisher.wait([page.delivery for page in pages])
            end = settle(pages, state, result)
            outbox.save(end.state, advanced=end.state != start, blocked_event_id=end.blocked_event_id, error=end.error)
    finally:
        outbox.close()
    return RunEnd(end.state, drained and end.blocked_event_id is None)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for one run (a second at most).

    A run keeps a page of rows and every message it sent alive until their reports are in, and
    the collector's passes over those hundreds of thousands of fresh objects took a quarter of the
    relay's CPU time. None of them is part of a reference cycle, so nothing is left for later.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class Settled:
    state: CursorState
    blocked_event_id: int | None = None
    error: str = ""


def settle(pages: list[SentPage], state: CursorState, result: RelayResult) -> Settled:
    """Where the cursor can go: past every page, or up to the first event whose delivery failed.

    Parked events before that point are recorded; those after it are sent again next time, as is
    everything else after it, delivered or not.
    """
    parked_at = timezone.now()
    for page in pages:
        delivery = page.delivery
        result.batches += 1
        result.failed += len(delivery.failed)
        result.fatal = result.fatal or delivery.fatal
        first_failed = min(delivery.failed, default=None)
        limit = first_failed if first_failed is not None else page.rows[-1][0] + 1
        result.published += sum(1 for row_id in delivery.delivered if row_id < limit)
        subjects = {row[0]: row[4] for row in page.rows}
        parked = [
            ParkedEvent(event_id=row_id, subject=subjects[row_id], error=error[:1000], parked_at=parked_at)
            for row_id, error in sorted(delivery.parked.items())
            if row_id < limit
        ]
        ParkedEvent.objects.bulk_create(parked)
        result.parked += len(parked)
        if parked:
            logger.error("Kafka refused %d events, parked: %s", len(parked), parked[0].error)
        if first_failed is not None:
            done = [row[0] for row in page.rows if row[0] < first_failed]
            stop = page.start.at(done[-1]) if done else page.start
            error = f"{parked_at:%Y-%m-%d %H:%M:%S} UTC: {delivery.failed[first_failed]}"
            for later in pages[pages.index(page) + 1 :]:
                result.batches += 1
                result.failed += len(later.delivery.failed)
            return Settled(stop, first_failed, error)
    return Settled(state)


def _warn_unconfigured() -> None:
    global _warned_unconfigured
    if not _warned_unconfigured:
        _warned_unconfigured = True
        logger.warning("KAFKA_BOOTSTRAP_SERVERS is empty: events stay in the outbox (see `manage.py events status`).")


def _record_unreachable(reason: str) -> None:
    """Put the failure where `events status` reads it, unless a relay or writer holds the cursor."""
    try:
        record_unreachable(f"{UNREACHABLE}: {reason}")
    except OperationalError as error:
        if not _is_sqlite_lock(error):
            raise


def _is_sqlite_lock(error: OperationalError) -> bool:
    return connection.vendor == "sqlite" and "locked" in str(error)
