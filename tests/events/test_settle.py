"""Where a run leaves the cursor, from its pages' delivery reports (no broker needed)."""

import pytest
from django.utils import timezone

from events.cursor import CursorState
from events.kafka import Delivery
from events.models import OutboxEvent, ParkedEvent
from events.relay import RelayResult, SentPage, settle

pytestmark = pytest.mark.django_db

WINDOW = CursorState(done="10:10:", window="10:20:", window_last_id=400, position=99)


def page(start: CursorState, ids: range, *, failed=(), parked=()) -> SentPage:
    rows = [
        (row_id, "id", "/summit", "type", f"user/{row_id}", "time", "application/json", "topic", "{}") for row_id in ids
    ]
    delivery = Delivery(
        sent=[(row_id, "topic", f"user/{row_id}", b"{}", {}) for row_id in ids if row_id not in parked],
        failed=dict.fromkeys(failed, "Local: Message timed out"),
        parked=dict.fromkeys(parked, "Broker: Message size too large"),
    )
    return SentPage(start, rows, delivery)


def test_every_page_delivered_moves_the_cursor_past_them_all():
    pages = [page(WINDOW, range(100, 200)), page(WINDOW.at(199), range(200, 300))]
    result = RelayResult()

    settled = settle(pages, WINDOW.at(299), result)

    assert (settled.state, settled.blocked_event_id) == (WINDOW.at(299), None)
    assert (result.published, result.failed, result.batches) == (200, 0, 2)


def test_a_failed_delivery_stops_the_cursor_just_before_the_first_failed_event():
    for row_id in (220, 270):  # the parked events' outbox rows
        OutboxEvent.objects.create(
            id=row_id,
            source="/summit",
            type="summit.accounts.user.registered.v1",
            subject=f"user/{row_id}",
            time=timezone.now(),
            data={},
            topic="topic",
        )
    pages = [
        page(WINDOW, range(100, 200)),
        page(WINDOW.at(199), range(200, 300), failed=[250, 260], parked=[220, 270]),
        page(WINDOW.at(299), range(300, 400), failed=[310]),
    ]
    result = RelayResult()

    settled = settle(pages, WINDOW.window_closed(), result)

    assert (settled.state, settled.blocked_event_id) == (WINDOW.at(249), 250)
    assert settled.error.endswith("Local: Message timed out")
    # Delivered before the failure count; what follows is sent again by the next run.
    assert (result.published, result.failed, result.parked) == (100 + 49, 3, 1)
    assert list(ParkedEvent.objects.values_list("event_id", flat=True)) == [220]


def test_a_failure_on_a_pages_first_event_leaves_the_cursor_where_the_page_began():
    pages = [page(WINDOW.at(199), range(200, 300), failed=[200])]
    result = RelayResult()

    settled = settle(pages, WINDOW.at(299), result)

    assert (settled.state, settled.blocked_event_id, result.published) == (WINDOW.at(199), 200, 0)
