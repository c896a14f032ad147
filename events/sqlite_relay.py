"""Reading the outbox on SQLite, the embedded default.

SQLite has no row locks and no snapshots to compare, but it has something simpler: one writer at
a time. The relay's transaction begins with `BEGIN IMMEDIATE` (the settings ask for it), which
takes the database's write lock, so no event is being written while it reads and every id below
the newest is committed: `position`, the last id published, is the whole cursor. A second relay
waits for the lock and then starts where the first stopped. One page per transaction, so web
requests wait on the lock for one page's delivery at most.
"""

from typing import Any

from events.cursor import CURSOR_NAME, CursorState, save_cursor, state_of
from events.messages import COLUMNS, with_header_columns
from events.models import OutboxEvent, RelayCursor


class SqliteOutbox:
    pages_per_run = 1

    def __init__(self, cursor_name: str = CURSOR_NAME) -> None:
        self.cursor_name = cursor_name

    def lock(self) -> CursorState:
        cursor, _ = RelayCursor.objects.get_or_create(name=self.cursor_name)
        return state_of(cursor)

    def next_page(self, state: CursorState, size: int) -> tuple[CursorState, list[tuple], CursorState]:
        events = with_header_columns(OutboxEvent.objects.filter(id__gt=state.position)).order_by("id")
        rows = list(events.values_list(*COLUMNS)[:size])
        return state, rows, state.at(rows[-1][0]) if rows else state

    def stop_reading(self) -> None:
        pass

    def save(self, state: CursorState, **progress: Any) -> None:
        save_cursor(state, name=self.cursor_name, **progress)

    def outstanding(self, state: CursorState) -> bool:
        # A writer that committed while this relay held the lock queued its own relay run, which
        # waits for the lock and then finds its events: nothing is left behind.
        return False

    def close(self) -> None:
        pass
