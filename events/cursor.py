"""Where the relay stands in the outbox, and which events that makes published.

The relay never writes to an outbox row. On PostgreSQL it works transaction by transaction, the
way PgQ does: `done` is a snapshot whose committed transactions have had all their events
published; a window is a later snapshot, and the transactions it sees committed that `done` did
not are published in id order, `position` being the last id done. A transaction still running
when a window opens is in neither snapshot as committed, so its events wait for the next window
whatever their ids: ids are taken at insert, not at commit, so "every id up to N" would skip an
event whose transaction commits late.

Within a window, id order is commit order for any one aggregate: a service changing an aggregate
locks its row first, so a later change of it inserts its event after the earlier one committed.
Across windows, a transaction seen committed by a window's snapshot committed before every one
the next window adds.

On SQLite, writers take turns under one database lock and the relay holds it while it reads, so
every id up to `position` is published and no snapshot is needed.
"""

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypedDict

from django.db import connection, models, transaction
from django.db.models import BooleanField, F, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from events.models import OutboxEvent, RelayCursor

CURSOR_NAME = "outbox"
# A snapshot that sees no transaction committed (3 is PostgreSQL's first normal transaction id):
# the starting point of a cursor on an outbox nothing has been published from.
NOTHING_DONE = "3:3:"
OUTBOX = OutboxEvent._meta.db_table


@dataclass(frozen=True)
class CursorState:
    done: str = ""  # PostgreSQL: snapshot text; "" on SQLite
    window: str = ""  # PostgreSQL: the open window's snapshot, "" when none is open
    window_last_id: int = 0
    position: int = 0

    @property
    def in_window(self) -> bool:
        return bool(self.window)

    def at(self, position: int) -> "CursorState":
        return replace(self, position=position)

    def window_closed(self) -> "CursorState":
        """The window is published: its transactions are done."""
        return CursorState(done=self.window, window="", window_last_id=0, position=0)


def initial_state() -> CursorState:
    return CursorState(done=NOTHING_DONE if connection.vendor == "postgresql" else "")


def state_of(cursor: RelayCursor | None) -> CursorState:
    if cursor is None:
        return initial_state()
    return CursorState(
        done=cursor.done_snapshot,
        window=cursor.window_snapshot,
        window_last_id=cursor.window_last_id,
        position=cursor.position,
    )


def current_cursor(name: str = CURSOR_NAME) -> RelayCursor | None:
    return RelayCursor.objects.filter(name=name).first()


def save_cursor(
    state: CursorState, *, advanced: bool, blocked_event_id: int | None, error: str, name: str = CURSOR_NAME
) -> None:
    """Record where the cursor stands, and whether this run stopped on a failed delivery.

    A run that did not fail clears the failure, whatever the runs before it recorded.
    """
    now = timezone.now()
    RelayCursor.objects.filter(name=name).update(
        done_snapshot=state.done,
        window_snapshot=state.window,
        window_last_id=state.window_last_id,
        position=state.position,
        **({"advanced_at": now} if advanced else {}),
        blocked_event_id=blocked_event_id,
        failed_runs=F("failed_runs") + 1 if blocked_event_id else 0,
        failing_since=Coalesce(F("failing_since"), Value(now)) if blocked_event_id else None,
        last_error=error[:1000],
    )


def record_unreachable(error: str) -> bool:
    """Record a run that found the broker unreachable before sending anything: the cursor stays.

    On PostgreSQL a relay holding the cursor is left alone (it records its own outcome), so this
    never waits on one: False then. The event the cursor stopped before, if any, stays named.
    """
    now = timezone.now()
    with transaction.atomic():
        RelayCursor.objects.get_or_create(name=CURSOR_NAME, defaults={"done_snapshot": initial_state().done})
        free = RelayCursor.objects.select_for_update(skip_locked=True).filter(name=CURSOR_NAME)
        if not free.values_list("name", flat=True).first():
            return False
        RelayCursor.objects.filter(name=CURSOR_NAME).update(
            failed_runs=F("failed_runs") + 1,
            failing_since=Coalesce(F("failing_since"), Value(now)),
            last_error=f"{now:%Y-%m-%d %H:%M:%S} UTC: {error}"[:1000],
        )
    return True


def published_sql(state: CursorState, *, table: str = OUTBOX) -> tuple[str, list]:
    """A condition on outbox rows that holds for those the cursor has passed (parked ones included).

    `table` is how the outbox is named in the query the condition goes into.
    """
    if connection.vendor != "postgresql":
        return f'"{table}"."id" <= %s', [state.position]
    done = f'pg_visible_in_snapshot("{table}"."txid", %s::pg_snapshot)'
    if not state.in_window:
        return done, [state.done]
    in_window = f'(pg_visible_in_snapshot("{table}"."txid", %s::pg_snapshot) AND "{table}"."id" <= %s)'
    return f"({done} OR {in_window})", [state.done, state.window, state.position]


class PublishedFlag(TypedDict):
    published: bool


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    OutboxEventWithFlag = WithAnnotations[OutboxEvent, PublishedFlag]


def with_published_flag(
    events: QuerySet[OutboxEvent], state: CursorState | None = None
) -> "QuerySet[OutboxEventWithFlag]":
    """Annotate `published`: the cursor has passed the event and it is not parked."""
    if state is None:
        state = state_of(current_cursor())
    sql, params = published_sql(state)
    return events.annotate(cursor_passed=RawSQL(sql, params, output_field=BooleanField())).annotate(
        published=models.Case(
            models.When(cursor_passed=True, parked__isnull=True, then=models.Value(True)),
            default=models.Value(False),
            output_field=BooleanField(),
        )
    )


def published_events(state: CursorState | None = None) -> QuerySet[OutboxEvent]:
    return with_published_flag(OutboxEvent.objects.all(), state).filter(published=True)


def unpublished_events(state: CursorState | None = None) -> QuerySet[OutboxEvent]:
    """Events waiting for the relay, parked ones included."""
    return with_published_flag(OutboxEvent.objects.all(), state).filter(published=False)
