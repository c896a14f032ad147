"""Reading the outbox on PostgreSQL: the cursor's lock, its windows and their pages.

The cursor row is locked with `FOR UPDATE SKIP LOCKED`: one relay publishes at a time, and a
second one skips at once instead of waiting (the first will find its events, see `outstanding`).
Each row carries the id of the transaction that wrote it (`txid`, filled by the database), and a
window is the set of transactions committed between two snapshots (events/cursor.py). Reading a
page is one index range scan over ids; nothing in the outbox is written.

The next page's query is sent before the relay hands the current page to the producer (psycopg's
pipeline mode), so PostgreSQL reads page N+1 while the relay and librdkafka handle page N.
"""

from typing import Any

from django.db import connection

from events import cloudevents
from events.cursor import CURSOR_NAME, NOTHING_DONE, OUTBOX, CursorState, save_cursor
from events.models import RelayCursor

CURSOR = RelayCursor._meta.db_table
TIME_TEXT = cloudevents.RFC3339_UTC_SQL % {"expressions": 'o."time"'}

# enable_sort off: statistics rarely see a backlog (autovacuum analyses it long after it formed),
# so the planner would rather fetch the rest of the window and sort it, for every page; with sorting
# off, the primary key in id order up to the LIMIT is the one plan left.
# synchronous_commit off: the commit does not wait for its WAL flush. A database crash can then
# forget the cursor's last move, and those events are published again: a duplicate, which
# consumers dedupe, never a loss, since the cursor only moves past what Kafka acknowledged.
TUNE = "SELECT set_config('enable_sort', 'off', true), set_config('synchronous_commit', 'off', true)"
ENSURE = f"""
    INSERT INTO {CURSOR} (name, done_snapshot, window_snapshot, window_last_id, position, failed_runs, last_error)
    VALUES (%s, %s, '', 0, 0, 0, '') ON CONFLICT (name) DO NOTHING
"""
LOCK = f"""
    SELECT done_snapshot, window_snapshot, window_last_id, position FROM {CURSOR}
    WHERE name = %s FOR UPDATE SKIP LOCKED
"""


def _in_window(done: str, window: str) -> str:
    """Rows written by a transaction `window` sees committed and `done` does not (snapshots as SQL)."""
    return f"NOT pg_visible_in_snapshot(o.txid, {done}) AND pg_visible_in_snapshot(o.txid, {window})"


# The window's rows are found through the (txid, id) index, in a materialised CTE: asked for
# min(id) and max(id) of the table directly, the planner may walk the primary key from the oldest
# event instead, through everything ever published, on every run.
OPEN_WINDOW = f"""
    WITH now AS (SELECT pg_current_snapshot() AS snapshot),
    window_ids AS MATERIALIZED (
        SELECT o.id FROM {OUTBOX} o, now
        WHERE o.txid >= pg_snapshot_xmin(%(done)s::pg_snapshot) AND o.txid < pg_snapshot_xmax(now.snapshot)
          AND {_in_window("%(done)s::pg_snapshot", "now.snapshot")}
    )
    SELECT (SELECT snapshot::text FROM now), (SELECT min(id) FROM window_ids), (SELECT max(id) FROM window_ids)
"""
# A page is read in id order from the primary key between the window's bounds, the visibility tests only
# filtering: the page query names no txid range, so the planner cannot choose the txid index and
# sort the whole rest of the window for every page.
# data as its JSON text: the value Kafka gets, with no decode/encode round trip; id and time as
# their header text, which PostgreSQL renders faster than Python formats a UUID and a datetime.
PAGE = f"""
    SELECT o.id, o.event_id::text, o.source, o.type, o.subject, {TIME_TEXT}, o.datacontenttype, o.topic, o.data::text
    FROM {OUTBOX} o
    WHERE o.id > %(after)s AND o.id <= %(last)s
      AND {_in_window("%(done)s::pg_snapshot", "%(window)s::pg_snapshot")}
    ORDER BY o.id LIMIT %(size)s
"""
# The same care: the candidates come from the txid index range, then the visibility test.
OUTSTANDING = f"""
    WITH candidates AS MATERIALIZED (
        SELECT o.txid FROM {OUTBOX} o WHERE o.txid >= pg_snapshot_xmin(%(done)s::pg_snapshot)
    )
    SELECT EXISTS (SELECT 1 FROM candidates WHERE NOT pg_visible_in_snapshot(txid, %(done)s::pg_snapshot))
"""


class PostgresOutbox:
    """The relay's reads and cursor writes, on Django's connection, inside the relay's transaction."""

    pages_per_run = None  # as many as fit in the run's time

    def __init__(self, cursor_name: str = CURSOR_NAME) -> None:
        # The relay's cursor by default; another reader of the outbox (the webhooks' fan-out) keeps its own.
        self.cursor_name = cursor_name
        self.cursor: Any = None
        self.pipeline: Any = None
        self.prefetched: tuple[CursorState, int] | None = None

    def lock(self) -> CursorState | None:
        """The cursor, locked until the transaction ends; None if another relay holds it."""
        self.cursor = connection.cursor()
        self.cursor.execute(TUNE)
        self.cursor.execute(ENSURE, [self.cursor_name, NOTHING_DONE])
        self.cursor.execute(LOCK, [self.cursor_name])
        found = self.cursor.fetchone()
        if found is None:
            return None
        return CursorState(*found)

    def next_page(self, state: CursorState, size: int) -> tuple[CursorState, list[tuple], CursorState]:
        """(where the page starts, its rows, where the cursor stands after them).

        No rows: nothing is left that has committed, and the third item is the state to keep
        (it may have moved `done` forward over transactions that wrote no events).
        """
        if not state.in_window:
            state = self._open_window(state)
            if not state.in_window:
                return state, [], state
        rows = self._fetch_page(state, size)
        if not rows:  # the window's last rows were parked or published already
            closed = state.window_closed()
            return self.next_page(closed, size)
        last_id = rows[-1][0]
        after = state.window_closed() if last_id >= state.window_last_id else state.at(last_id)
        if after.in_window:
            self._send_page_query(after, size)  # read while the producer takes this page
        return state, rows, after

    def stop_reading(self) -> None:
        """Leave pipeline mode, dropping a page read ahead, before the run's other statements."""
        self._leave_pipeline()

    def save(self, state: CursorState, **progress: Any) -> None:
        save_cursor(state, name=self.cursor_name, **progress)

    def outstanding(self, state: CursorState) -> bool:
        """Whether events committed that the cursor has not reached: read without the lock, after it."""
        with connection.cursor() as cursor:
            cursor.execute(OUTSTANDING, {"done": state.done})
            return cursor.fetchone()[0]

    def close(self) -> None:
        self._leave_pipeline()
        if self.cursor is not None:
            self.cursor.close()
            self.cursor = None

    def _open_window(self, state: CursorState) -> CursorState:
        self.cursor.execute(OPEN_WINDOW, {"done": state.done})
        snapshot, first_id, last_id = self.cursor.fetchone()
        if first_id is None:
            # Every transaction this snapshot sees committed is done: nothing of theirs is left.
            return CursorState(done=snapshot)
        return CursorState(done=state.done, window=snapshot, window_last_id=last_id, position=first_id - 1)

    def _send_page_query(self, state: CursorState, size: int) -> None:
        raw = connection.connection
        self.pipeline = raw.pipeline()
        self.pipeline.__enter__()
        self.prefetch_cursor = raw.cursor()
        self.prefetch_cursor.execute(PAGE, _page_params(state, size))
        self.prefetched = (state, size)

    def _fetch_page(self, state: CursorState, size: int) -> list[tuple]:
        if self.prefetched == (state, size):
            rows = self.prefetch_cursor.fetchall()
            self._leave_pipeline()
            return rows
        self._leave_pipeline()
        self.cursor.execute(PAGE, _page_params(state, size))
        return self.cursor.fetchall()

    def _leave_pipeline(self) -> None:
        self.prefetched = None
        if self.pipeline is not None:
            pipeline, self.pipeline = self.pipeline, None
            pipeline.__exit__(None, None, None)
            self.prefetch_cursor.close()


def _page_params(state: CursorState, size: int) -> dict[str, Any]:
    return {
        "after": state.position,
        "last": state.window_last_id,
        "done": state.done,
        "window": state.window,
        "size": size,
    }
