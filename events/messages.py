"""Outbox rows as Kafka messages: the columns a message is built from, and the building."""

from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection
from django.db.models import F, Func, QuerySet, TextField
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast

from events import cloudevents, kafka
from events.models import OutboxEvent

# data is read as JSON text: the value Kafka gets is that text, with no decode/encode round trip.
COLUMNS = ("id", "event_id_text", "source", "type", "subject", "time_text", "datacontenttype", "topic", "data_json")
Row = tuple[Any, ...]


def with_header_columns(events: QuerySet[OutboxEvent]) -> QuerySet[OutboxEvent]:
    """Add the columns a message is built from, as text where the database can make it.

    PostgreSQL renders the id and time as the header text itself, and data as its JSON text:
    loading a UUID and a datetime into Python per row and formatting them again cost more than the
    query. Elsewhere the typed values come back and `messages` formats them.
    """
    texts: dict[str, Combinable]
    if connection.vendor == "postgresql":
        texts = {
            "event_id_text": Cast("event_id", TextField()),
            "time_text": Func("time", template=cloudevents.RFC3339_UTC_SQL, output_field=TextField()),
        }
    else:
        texts = {"event_id_text": F("event_id"), "time_text": F("time")}
    return events.annotate(**texts, data_json=Cast("data", TextField()))


def messages(rows: Iterable[Row]) -> Iterator[kafka.OutgoingMessage]:
    """(row id, topic, key, value, headers): binary-mode CloudEvents keyed by the event's subject."""
    for row_id, event_id, source, event_type, subject, moment, content_type, topic, data_json in rows:
        if not isinstance(moment, str):  # SQLite gives the typed values
            event_id, moment = str(event_id), cloudevents.format_time(moment)
        headers = cloudevents.binary_headers(
            event_id=event_id,
            source=source,
            event_type=event_type,
            subject=subject,
            time=moment,
            content_type=content_type,
        )
        yield row_id, topic, subject, data_json.encode(), headers
