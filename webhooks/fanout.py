"""From the outbox to deliveries: each committed event, once, to every endpoint that wants it.

The fan-out reads the outbox like the Kafka relay does (events/cursor.py: transaction snapshots on
PostgreSQL, the write lock on SQLite), with a cursor of its own named "webhooks", so it neither
waits for Kafka nor holds the relay back. One run is one transaction: lock the cursor, read pages,
write the deliveries, move the cursor. A crash before the commit leaves all of it undone, and the
next run writes the same deliveries, which the unique (endpoint, event) constraint keeps single.
"""

from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from events.postgres_relay import PostgresOutbox
from events.services import source_for
from events.sqlite_relay import SqliteOutbox
from webhooks.delivery import retry_window
from webhooks.models import WebhookDelivery, WebhookEndpoint

CURSOR_NAME = "webhooks"
PAGE_SIZE = 2000
# Pages per run: the run's transaction holds the cursor's lock, and on SQLite the write lock.
MAX_PAGES = 10


@dataclass
class FanOutResult:
    events: int = 0
    deliveries: int = 0
    busy: bool = False  # another fan-out holds the cursor


def fan_out() -> FanOutResult:
    """Write the deliveries of what committed since the last run. Run after commit, never inside one."""
    result = FanOutResult()
    outbox = PostgresOutbox(CURSOR_NAME) if connection.vendor == "postgresql" else SqliteOutbox(CURSOR_NAME)
    try:
        with transaction.atomic():
            start = outbox.lock()
            if start is None:
                result.busy = True
                return result
            rows: list[tuple] = []
            state, pages = start, 0
            try:
                while pages < (outbox.pages_per_run or MAX_PAGES):
                    _, page, state = outbox.next_page(state, PAGE_SIZE)
                    if not page:
                        break
                    rows.extend(page)
                    pages += 1
            finally:
                outbox.stop_reading()  # nothing may run on the connection while a page is read ahead
            result.events = len(rows)
            result.deliveries = _write_deliveries(rows)
            outbox.save(state, advanced=state != start, blocked_event_id=None, error="")
    finally:
        outbox.close()
    return result


def _write_deliveries(rows: list[tuple]) -> int:
    if not rows:
        return 0
    endpoints = list(WebhookEndpoint.objects.filter(is_active=True).select_related("conference"))
    if not endpoints:
        return 0
    now = timezone.now()
    retry_until = now + retry_window()
    sources = {
        endpoint.pk: source_for(endpoint.conference.slug) if endpoint.conference else None for endpoint in endpoints
    }
    deliveries = [
        WebhookDelivery(endpoint=endpoint, event_id=row_id, next_attempt_at=now, retry_until=retry_until)
        for row_id, _event_id, source, event_type, *_rest in rows
        for endpoint in endpoints
        if sources[endpoint.pk] in (None, source) and endpoint.wants(event_type)
    ]
    WebhookDelivery.objects.bulk_create(deliveries, batch_size=1000, ignore_conflicts=True)
    return len(deliveries)
