"""The CloudEvents Kafka protocol binding, binary content mode.

Attributes travel as `ce_<name>` headers, `datacontenttype` as the `content-type` header and the
value is the event's data as JSON: consumers that only want the payload read plain JSON, and
routing on type or source needs no parsing of the value. The key is the subject (the aggregate).
A structured-mode message (content-type application/cloudevents+json) is also understood on read.
"""

import json
from datetime import UTC, datetime
from typing import Any

SPECVERSION = "1.0"
STRUCTURED_CONTENT_TYPE = "application/cloudevents+json"
# The attributes Summit sets, in header order.
ATTRIBUTES = ("specversion", "id", "source", "type", "subject", "time")


# Message headers as confluent-kafka types them: a producer takes a dict (ours, all text), a consumed
# message gives a list of (name, bytes) pairs.
HeaderValue = str | bytes | None
ProducedHeaders = dict[str, HeaderValue]
Headers = ProducedHeaders | list[tuple[str, HeaderValue]]


class NotACloudEvent(ValueError):
    pass


# The same text on PostgreSQL, where the relay reads the time as its header (a Func template).
RFC3339_UTC_SQL = """to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""


def format_time(moment: datetime) -> str:
    """RFC 3339 in UTC with microseconds, the same text as RFC3339_UTC_SQL."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def binary_headers(
    *, event_id: str, source: str, event_type: str, subject: str, time: str, content_type: str
) -> ProducedHeaders:
    """The message headers, in this order. A dict of strings, which librdkafka takes as it is and
    Python's garbage collector does not track: the relay builds one per event, and lists of tuples
    kept alive by the hundred thousand made the collector's passes most of its CPU time."""
    return {
        "ce_specversion": SPECVERSION,
        "ce_id": event_id,
        "ce_source": source,
        "ce_type": event_type,
        "ce_subject": subject,
        "ce_time": time,
        "content-type": content_type,
    }


def from_message(headers: Headers | None, value: bytes | None) -> dict[str, Any]:
    """The CloudEvent a Kafka message carries, as a structured (JSON-ready) dict."""
    pairs = headers.items() if isinstance(headers, dict) else headers or []
    found = {name: raw.decode() if isinstance(raw, bytes) else raw for name, raw in pairs if raw is not None}
    content_type = found.get("content-type", "")
    if content_type.startswith(STRUCTURED_CONTENT_TYPE):
        return json.loads(value or b"null")
    if "ce_id" not in found or "ce_type" not in found:
        raise NotACloudEvent("the message has no ce_id/ce_type headers")
    envelope: dict[str, Any] = {
        name.removeprefix("ce_"): text for name, text in found.items() if name.startswith("ce_")
    }
    if content_type:
        envelope["datacontenttype"] = content_type
    if value is not None:
        envelope["data"] = json.loads(value) if content_type.endswith("json") or not content_type else value.decode()
    return envelope
