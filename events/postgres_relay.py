"""The relay on PostgreSQL: a claim deletes its pending rows, and the database, the relay and the producer work at once.

A claim is one statement: it deletes a batch of pending rows (`FOR UPDATE SKIP LOCKED`, so
parallel relays take disjoint batches), marks their outbox rows published and returns the columns
their messages are built from. The uncommitted delete is the claim's lock: until the transaction
ends, other relays skip those rows, and a rollback (or a crash) makes them pending again. Rows
whose delivery failed are put back, with their error, before the commit; nothing is committed
before every delivery report of its batch arrived.

Batches overlap on up to three connections: while the producer delivers batch N and the relay
hands it batch N+1, PostgreSQL is already claiming N+2 (the claim is sent without waiting for its
answer). The producer always has the next messages at hand; waiting for all reports before
claiming again fed it in bursts, and the relay and PostgreSQL took turns on one core. A claim's
per-subject order check counts the rows of this relay's uncommitted batches as its own (they are
ahead of it in the same producer). If a batch has failures, the batches behind it are rolled back
once their reports are in: their rows stay pending, so no event is recorded as published while an
earlier one of its subject is not. The one already handed to the producer is then sent again by
a later run: at most a batch of duplicates per failure, which consumers dedupe.
"""

import bisect
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from events import cloudevents, kafka
from events.models import OutboxEvent, OutboxPending

OUTBOX = OutboxEvent._meta.db_table
PENDING = OutboxPending._meta.db_table

# enable_sort off: statistics rarely see many pending rows (autovacuum analyses a backlog long
# after it formed), so the planner would fetch the whole backlog and sort it for every batch;
# with sorting off, reading the pending table's primary key in id order up to the LIMIT is the
# one plan left, and it costs the same at any backlog.
# synchronous_commit off: the commit does not wait for its WAL flush. A database crash can then
# forget the last published marks, and those events are published again: a duplicate, which
# consumers dedupe, never a loss, since a mark is only committed after Kafka acknowledged.
TUNE = "SELECT set_config('enable_sort', 'off', true), set_config('synchronous_commit', 'off', true)"
# One statement claims (deletes the pending rows), marks the outbox rows and returns what their
# messages are built from (data as its JSON text: the value Kafka gets, with no decode/encode),
# plus the pending rows up to the last claimed one as this statement saw them, ours included:
# the per-subject order check needs no other query when nobody else's row is among them.
TIME_TEXT = cloudevents.RFC3339_UTC_SQL % {"expressions": '"time"'}
CLAIM = f"""
    WITH claimed AS (
        DELETE FROM {PENDING} WHERE event_id IN (
            SELECT event_id FROM {PENDING} ORDER BY event_id LIMIT %s FOR UPDATE SKIP LOCKED
        ) RETURNING event_id
    ), marked AS (
        UPDATE {OUTBOX} SET published_at = %s, attempts = attempts + 1
        WHERE id = ANY(ARRAY(SELECT event_id FROM claimed))
        RETURNING id, event_id::text, source, type, subject, {TIME_TEXT}, datacontenttype, topic, data::text
    )
    SELECT marked.*, (SELECT count(*) FROM {PENDING} WHERE event_id <= (SELECT max(event_id) FROM claimed))
    FROM marked
"""
EARLIER_ROWS = f"SELECT event_id, subject FROM {PENDING} WHERE event_id <= %s ORDER BY event_id"
PUT_BACK = f"INSERT INTO {PENDING} (event_id, subject) SELECT * FROM unnest(%s::bigint[], %s::varchar[])"
UNCLAIM = f"UPDATE {OUTBOX} SET published_at = NULL, attempts = attempts - 1 WHERE id = ANY(%s)"
UNMARK = f"UPDATE {OUTBOX} SET published_at = NULL, last_error = %s WHERE id = ANY(%s)"
# Batches in the producer at once; one more is being claimed meanwhile, on a connection of its own.
IN_FLIGHT = 2


class Lane:
    """A database connection holding at most one claim's transaction.

    The first lane is Django's connection, so a relay run inside a transaction (a test's) sees
    its rows; the others are connections of their own, opened when a backlog needs them.
    """

    def __init__(self, wrapper: Any, *, own: bool) -> None:
        self.wrapper, self.own = wrapper, own
        self.atomic: Any = None
        self.cursor: Any = None
        self.pipeline: Any = None

    @property
    def busy(self) -> bool:
        return self.cursor is not None

    def send_claim(self, size: int) -> None:
        """Begin a transaction and send the claim without waiting for it (psycopg's pipeline mode)."""
        if self.own:
            self.wrapper.set_autocommit(False)
        else:
            self.atomic = transaction.atomic(using=self.wrapper.alias)
            self.atomic.__enter__()
        self.wrapper.ensure_connection()
        self.cursor = self.wrapper.connection.cursor()
        self.pipeline = self.wrapper.connection.pipeline()
        self.pipeline.__enter__()
        self.cursor.execute(TUNE)
        self.cursor.execute(CLAIM, [size, timezone.now()])

    def fetch_claim(self) -> list[tuple]:
        rows = self.cursor.fetchall()
        self._leave_pipeline()
        return rows

    def end(self, *, commit: bool) -> None:
        self._leave_pipeline()
        self.cursor.close()
        self.cursor = None
        if self.own:
            (self.wrapper.commit if commit else self.wrapper.rollback)()
            self.wrapper.set_autocommit(True)
        else:
            error = None if commit else _RolledBack
            self.atomic.__exit__(error, error and error(), None)
            self.atomic = None

    def close(self) -> None:
        if self.busy:
            self.end(commit=False)
        if self.own:
            self.wrapper.close()

    def _leave_pipeline(self) -> None:
        if self.pipeline is not None:
            pipeline, self.pipeline = self.pipeline, None
            pipeline.__exit__(None, None, None)


class _RolledBack(Exception):
    """Handed to atomic's exit to roll a claim back; never raised."""


@dataclass
class Claim:
    lane: Lane
    rows: list[tuple]
    full: bool  # as many rows as asked for: there may be more
    deferred: int
    delivery: kafka.Delivery | None = None

    @property
    def ids(self) -> list[int]:
        return [row[0] for row in self.rows]


def relay_batches(publisher: kafka.Publisher, size: int, deadline: float, result: Any, messages: Any) -> None:
    """Claim, send and commit batches until none is left, one fails or time is up.

    Counts go to `result` (a relay.RelayResult); `messages` builds the producer's messages from
    the claimed rows (relay._messages). Batches are committed only while no claim is under way,
    so a claim's order check knows exactly which uncommitted rows are this relay's.
    """
    lanes = [Lane(connections[DEFAULT_DB_ALIAS], own=False)]
    in_flight: deque[Claim] = deque()
    claiming: Lane | None = lanes[0]
    claiming.send_claim(size)
    ahead: list[int] = []
    try:
        while claiming or in_flight:
            batch = None
            if claiming:
                batch = _fetch(claiming, ahead, size)
                claiming = None
                result.deferred += batch.deferred if batch else 0
            while in_flight and (len(in_flight) >= IN_FLIGHT or batch is None):
                delivery = _finish(in_flight.popleft(), publisher)
                result.published += len(delivery.delivered)
                result.failed += len(delivery.failed)
                result.fatal = result.fatal or delivery.fatal
                result.batches += 1
                if delivery.failed:
                    # Later batches must not be recorded as published ahead of the failed rows.
                    _abandon(batch, in_flight, publisher)
                    batch = None
            if batch and batch.full and time.monotonic() < deadline:
                claiming = _free_lane(lanes)
                ahead = sorted([row_id for claim in in_flight for row_id in claim.ids] + batch.ids)
                claiming.send_claim(size)
            if batch:
                batch.delivery = publisher.send(messages(batch.rows))
                in_flight.append(batch)
    finally:
        for lane in lanes:
            lane.close()


def _free_lane(lanes: list[Lane]) -> Lane:
    for lane in lanes:
        if not lane.busy:
            return lane
    lane = Lane(connections.create_connection(DEFAULT_DB_ALIAS), own=True)
    lanes.append(lane)
    return lane


def _fetch(lane: Lane, ahead: list[int], size: int) -> Claim | None:
    """The claim's rows, less those that would overtake an earlier row of their subject."""
    fetched = lane.fetch_claim()
    if not fetched:
        lane.end(commit=True)
        return None
    rows = sorted(row[:-1] for row in fetched)
    earlier = fetched[0][-1]
    kept = rows
    if earlier != len(rows) + bisect.bisect_right(ahead, rows[-1][0]):
        kept = _without_overtaking(lane, rows, ahead)
    if not kept:
        lane.end(commit=True)  # what was claimed is pending again
        return None
    return Claim(lane, kept, full=len(rows) == size, deferred=len(rows) - len(kept))


def _without_overtaking(lane: Lane, rows: list[tuple], ahead: list[int]) -> list[tuple]:
    """Claimed rows an earlier pending row of the same subject does not precede; the others are put back.

    Such an earlier row is another relay's (or was committed late): it must reach Kafka first.
    Rows of this relay's uncommitted batches are ahead in the same producer, so they count as its
    own; its just-claimed rows are deleted, so this query no longer sees them.
    """
    last_id = rows[-1][0]
    lane.cursor.execute(EARLIER_ROWS, [last_id])
    ours = set(ahead)
    first_foreign: dict[str, int] = {}
    for row_id, subject in lane.cursor.fetchall():
        if row_id not in ours:
            first_foreign.setdefault(subject, row_id)
    kept = [row for row in rows if row[0] < first_foreign.get(row[4], last_id + 1)]
    back = [row for row in rows if row[0] >= first_foreign.get(row[4], last_id + 1)]
    if back:
        lane.cursor.execute(PUT_BACK, [[row[0] for row in back], [row[4] for row in back]])
        lane.cursor.execute(UNCLAIM, [[row[0] for row in back]])
    return kept


def _finish(claim: Claim, publisher: kafka.Publisher) -> kafka.Delivery:
    """Wait for the claim's delivery reports, put back what failed, commit."""
    delivery = publisher.wait_for(claim.delivery)
    if delivery.failed:
        _put_back_failed(claim, delivery.failed, timezone.now())
    claim.lane.end(commit=True)
    return delivery


def _put_back_failed(claim: Claim, failed: dict[int, str], now: datetime) -> None:
    by_error: dict[str, list[int]] = defaultdict(list)
    for row_id, error in failed.items():
        by_error[f"{now:%Y-%m-%d %H:%M:%S} UTC: {error}"[:1000]].append(row_id)
    for error, row_ids in by_error.items():
        claim.lane.cursor.execute(UNMARK, [error, row_ids])
    subjects = {row[0]: row[4] for row in claim.rows}
    row_ids = sorted(failed)
    claim.lane.cursor.execute(PUT_BACK, [row_ids, [subjects[row_id] for row_id in row_ids]])


def _abandon(batch: Claim | None, in_flight: deque[Claim], publisher: kafka.Publisher) -> None:
    """Roll back the batches behind a failed one: the one not yet sent, and those sent, once their reports are in."""
    if batch:
        batch.lane.end(commit=False)
    while in_flight:
        later = in_flight.popleft()
        publisher.wait_for(later.delivery)
        later.lane.end(commit=False)
