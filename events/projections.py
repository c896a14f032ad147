"""The stats read model: counters folded from CloudEvents, the way a Kafka Streams app would.

Applying a batch is one transaction: record the ids not seen before, then add their counts. A
redelivered or replayed event finds its id recorded and adds nothing, so applying is idempotent.
Types are matched by name only: events/ knows no domain app, and a type that has no schema yet
(e.g. the CFP's submitted event) is counted as soon as it appears.
"""

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Model

from events.models import DailyEventCount, DailySubmissionCount, ProcessedEvent, ReviewerReviewCount

CONSUMER = "stats"
SUBMISSION_SUBMITTED = "summit.cfp.submission.submitted.v1"
REVIEW_SUBMITTED = "summit.review.review.submitted.v1"


def prune_processed(*, older_than: datetime) -> int:
    """Forget the ids of events applied before `older_than`.

    An id only has to be remembered while a copy of its event can still arrive: redeliveries come
    within minutes, and replays re-send outbox rows, which are pruned after the same retention.
    """
    deleted = 0
    while ids := list(
        ProcessedEvent.objects.filter(consumer=CONSUMER, processed_at__lt=older_than)
        .order_by("pk")
        .values_list("pk", flat=True)[:10_000]
    ):
        deleted += ProcessedEvent.objects.filter(pk__in=ids).delete()[0]
    return deleted


def apply(envelopes: Iterable[dict[str, Any]]) -> int:
    """Fold a batch of CloudEvents into the read model; returns how many were new."""
    by_key = {(envelope["source"], envelope["id"]): envelope for envelope in envelopes}
    if not by_key:
        return 0
    with transaction.atomic():
        seen = set(
            ProcessedEvent.objects.filter(
                consumer=CONSUMER, event_id__in={event_id for _, event_id in by_key}
            ).values_list("source", "event_id")
        )
        fresh = [envelope for key, envelope in by_key.items() if key not in seen]
        ProcessedEvent.objects.bulk_create(
            ProcessedEvent(consumer=CONSUMER, source=envelope["source"], event_id=envelope["id"]) for envelope in fresh
        )
        per_type: Counter[tuple[str, str, date]] = Counter()
        per_track: Counter[tuple[str, str, date]] = Counter()
        per_reviewer: Counter[tuple[str, int]] = Counter()
        for envelope in fresh:
            source, day, data = envelope["source"], _day(envelope), envelope.get("data")
            per_type[source, envelope["type"], day] += 1
            if not isinstance(data, dict):
                continue
            if envelope["type"] == SUBMISSION_SUBMITTED:
                per_track[source, _track_slug(data.get("track")), day] += 1
            elif (
                envelope["type"] == REVIEW_SUBMITTED
                and isinstance(data.get("reviewer_id"), int)
                # A changed review is the same review: only the first submission counts as one done.
                and not data.get("is_update")
            ):
                per_reviewer[source, data["reviewer_id"]] += 1
        _increment(DailyEventCount, ("source", "type", "day"), per_type)
        _increment(DailySubmissionCount, ("source", "track", "day"), per_track)
        _increment(ReviewerReviewCount, ("source", "reviewer_id"), per_reviewer)
    return len(fresh)


def _day(envelope: dict[str, Any]) -> date:
    return datetime.fromisoformat(envelope["time"]).date()


def _track_slug(track: Any) -> str:
    # The submitted event is not written yet: accept the slug or a {"slug": …} object.
    if isinstance(track, dict):
        track = track.get("slug")
    return track if isinstance(track, str) else ""


def _increment(model: type[Model], key_fields: tuple[str, ...], counts: Counter) -> None:
    """Add to counters with one upsert per row; PostgreSQL and SQLite share this ON CONFLICT syntax."""
    if not counts:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(name) for name in (*key_fields, "count"))
    placeholders = ", ".join(["%s"] * (len(key_fields) + 1))
    conflict = ", ".join(quote(name) for name in key_fields)
    count = quote("count")
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "
        f"ON CONFLICT ({conflict}) DO UPDATE SET {count} = {table}.{count} + excluded.{count}"
    )
    adapt = connection.ops.adapt_datefield_value
    # Sorted, so two consumers upserting the same counters take row locks in one order (no deadlock).
    rows = [
        [adapt(part) if isinstance(part, date) else part for part in key] + [added]
        for key, added in sorted(counts.items())
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
