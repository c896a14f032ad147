"""The relay on PostgreSQL: a claim deletes its pending rows, and the next batch is sent while one is acknowledged.

A claim deletes a batch of pending rows (`FOR UPDATE SKIP LOCKED`, so parallel relays take
disjoint batches), marks their outbox rows published and reads the columns their messages are
built from. The uncommitted delete is the claim's lock: until the transaction ends, other relays
skip those rows, and a rollback (or a crash) makes them pending again. Rows whose delivery
failed are put back, with their error, before the commit; nothing is committed before every
delivery report of the batch arrived.

Two connections take turns. While the producer delivers batch N, batch N+1 is claimed on the
other connection and handed to the producer, so it always has the next messages at hand; waiting
for all reports before claiming again fed it in bursts, which cost the broker many small produce
requests. N+1's per-subject order check counts N's rows as its own (they are ahead of it in the
same producer). If N has failures, N+1 is rolled back once its reports are in: its rows stay
pending, so no event is recorded as published while an earlier one of its subject is not.
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
TUNE = "SET LOCAL enable_sort = off; SET LOCAL synchronous_commit = off"
CLAIM = f"""
    DELETE FROM {PENDING} WHERE event_id IN (
        SELECT event_id FROM {PENDING} ORDER BY event_id LIMIT %s FOR UPDATE SKIP LOCKED
    ) RETURNING event_id, subject
"""
EARLIER = f"SELECT count(*) FROM {PENDING} WHERE event_id <= %s"
EARLIER_ROWS = f"SELECT event_id, subject FROM {PENDING} WHERE event_id <= %s ORDER BY event_id"
PUT_BACK = f"INSERT INTO {PENDING} (event_id, subject) SELECT * FROM unnest(%s::bigint[], %s::varchar[])"
# data is read as its JSON text: the value Kafka gets is that text, with no decode/encode round trip.
TIME_TEXT = cloudevents.RFC3339_UTC_SQL % {"expressions": '"time"'}
MARK = f"""
    UPDATE {OUTBOX} SET published_at = %s, attempts = attempts + 1 WHERE id = ANY(%s)
    RETURNING id, event_id::text, source, type, subject, {TIME_TEXT}, datacontenttype, topic, data::text
"""
UNMARK = f"UPDATE {OUTBOX} SET published_at = NULL, last_error = %s WHERE id = ANY(%s)"


class Lane:
    """A database connection holding at most one claim's transaction.

    The first lane is Django's connection, so a relay run inside a transaction (a test's) sees
    its rows; the second is a connection of its own, opened only when there is a second batch.
    """

    def __init__(self, wrapper: Any, *, own: bool) -> None:
        self.wrapper, self.own = wrapper, own
        self.atomic: Any = None
        self.cursor: Any = None

    def begin(self) -> Any:
        if self.own:
            self.wrapper.set_autocommit(False)
        else:
            self.atomic = transaction.atomic(using=self.wrapper.alias)
            self.atomic.__enter__()
        self.cursor = self.wrapper.cursor()
        self.cursor.execute(TUNE)
        return self.cursor

    def end(self, *, commit: bool) -> None:
        self.cursor.close()
        if self.own:
            (self.wrapper.commit if commit else self.wrapper.rollback)()
            self.wrapper.set_autocommit(True)
        else:
            error = None if commit else _RolledBack
            self.atomic.__exit__(error, error and error(), None)
            self.atomic = None

    def close(self) -> None:
        if self.own:
            self.wrapper.close()


class _RolledBack(Exception):
    """Handed to atomic's exit to roll a claim back; never raised."""


@dataclass
class Claim:
    lane: Lane
    subjects: dict[int, str]  # every row sent, by id
    delivery: kafka.Delivery
    deferred: int


def relay_batches(publisher: kafka.Publisher, size: int, deadline: float, result: Any, messages: Any) -> None:
    """Claim, send and commit batches until none is left, one fails or time is up.

    Counts go to `result` (a relay.RelayResult); `messages` builds the producer's messages from the
    claimed rows (relay._messages).
    """
    lanes = [Lane(connections[DEFAULT_DB_ALIAS], own=False)]
    in_flight: deque[Claim] = deque()
    claiming = True
    try:
        while claiming or in_flight:
            if claiming:
                claim, full = _claim(_free_lane(lanes, in_flight), size, in_flight, publisher, messages)
                claiming = full and time.monotonic() < deadline
                if claim:
                    in_flight.append(claim)
                    result.deferred += claim.deferred
            if in_flight and (not claiming or len(in_flight) == 2):
                claim = in_flight.popleft()
                delivery = _finish(claim, publisher)
                result.published += len(delivery.delivered)
                result.failed += len(delivery.failed)
                result.fatal = result.fatal or delivery.fatal
                result.batches += 1
                if delivery.failed:
                    # Later batches must not be recorded as published ahead of the failed rows.
                    claiming = False
                    while in_flight:
                        later = in_flight.popleft()
                        publisher.wait_for(later.delivery)
                        later.lane.end(commit=False)
    except BaseException:
        for claim in in_flight:
            claim.lane.end(commit=False)
        raise
    finally:
        for lane in lanes:
            lane.close()


def _free_lane(lanes: list[Lane], in_flight: deque[Claim]) -> Lane:
    busy = {id(claim.lane) for claim in in_flight}
    for lane in lanes:
        if id(lane) not in busy:
            return lane
    lane = Lane(connections.create_connection(DEFAULT_DB_ALIAS), own=True)
    lanes.append(lane)
    return lane


def _claim(
    lane: Lane, size: int, in_flight: deque[Claim], publisher: kafka.Publisher, messages: Any
) -> tuple[Claim | None, bool]:
    """Claim up to size rows on lane and hand them to the producer; (claim, whether the batch was full)."""
    cursor = lane.begin()
    cursor.execute(CLAIM, [size])
    claimed = sorted(cursor.fetchall())
    ahead = sorted(row_id for claim in in_flight for row_id in claim.subjects)
    keep = _without_overtaking(cursor, claimed, ahead)
    if not keep:
        lane.end(commit=True)  # deferred rows were put back; commit or roll back, it is the same
        return None, False
    cursor.execute(MARK, [timezone.now(), [row_id for row_id, _ in keep]])
    rows = sorted(cursor.fetchall())
    delivery = publisher.send(messages(rows))
    return Claim(lane, dict(keep), delivery, len(claimed) - len(keep)), len(claimed) == size


def _without_overtaking(cursor: Any, claimed: list[tuple[int, str]], ahead: list[int]) -> list[tuple[int, str]]:
    """Claimed rows an earlier pending row of the same subject does not precede; the others are put back.

    Such an earlier row is another relay's (or was committed late): it must reach Kafka first.
    Rows this relay has in flight on its other lane are ahead in the same producer, so they count
    as its own. The count is the cheap common case: no earlier pending row but those.
    """
    if not claimed:
        return []
    last_id = claimed[-1][0]
    cursor.execute(EARLIER, [last_id])
    if cursor.fetchone()[0] == bisect.bisect_right(ahead, last_id):
        return claimed
    cursor.execute(EARLIER_ROWS, [last_id])
    ours = set(ahead)
    first_foreign: dict[str, int] = {}
    for row_id, subject in cursor.fetchall():
        if row_id not in ours:
            first_foreign.setdefault(subject, row_id)
    keep = [row for row in claimed if row[0] < first_foreign.get(row[1], last_id + 1)]
    back = [row for row in claimed if row[0] >= first_foreign.get(row[1], last_id + 1)]
    cursor.execute(PUT_BACK, [[row_id for row_id, _ in back], [subject for _, subject in back]])
    return keep


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
    row_ids = sorted(failed)
    claim.lane.cursor.execute(PUT_BACK, [row_ids, [claim.subjects[row_id] for row_id in row_ids]])
