import uuid

from django.db import models

from events.cloudevents import format_time


class OutboxEvent(models.Model):
    """A domain event, written in the same transaction as the change it records.

    The row is a CloudEvents 1.0 record, never updated once written. Whether it has reached Kafka is
    not a column of the row but a question of where the relay's cursor (RelayCursor) stands: the
    relay only reads the outbox, so publishing costs the database a read per event, not a write.

    On PostgreSQL the table also has a `txid` column (xid8, default `pg_current_xact_id()`, migration
    0004) that the ORM does not know about: the id of the transaction that wrote the row, which the
    relay compares with snapshots to know which transactions have committed. It is filled by the
    database on insert, so no code has to set it.
    """

    # The auto-increment id orders events within a transaction and across transactions that
    # commit one after the other; `event_id` is the CloudEvents id.
    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source = models.CharField(max_length=200)
    type = models.CharField(max_length=200)
    subject = models.CharField(max_length=200)
    time = models.DateTimeField()
    datacontenttype = models.CharField(max_length=100, default="application/json")
    data = models.JSONField()
    actor = models.CharField(max_length=100, blank=True, help_text="Who caused it, e.g. user/42.")
    topic = models.CharField(max_length=200)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["type", "time"], name="outbox_type_time_idx"),
            models.Index(fields=["time"], name="outbox_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.subject}"

    def as_cloudevent(self) -> dict:
        return {
            "specversion": "1.0",
            "id": str(self.event_id),
            "source": self.source,
            "type": self.type,
            "subject": self.subject,
            "time": format_time(self.time),
            "datacontenttype": self.datacontenttype,
            "data": self.data,
        }


class RelayCursor(models.Model):
    """How far the relay has published the outbox: one row, locked by the relay that is running.

    On PostgreSQL every transaction visible in `done_snapshot` (a pg_snapshot as text) has had all
    its events published. The relay then works through a window: the transactions visible in
    `window_snapshot` but not in `done_snapshot`, whose events it publishes in id order, up to and
    including `position`; `window_last_id` is the window's highest id. Once a window is published,
    its snapshot becomes `done_snapshot`. On SQLite, where writers take turns, every event up to
    `position` is published and the snapshots stay empty.

    When a delivery fails the cursor stays before the event (`blocked_event_id`), with how many
    runs in a row failed there and why. A run that found the broker unreachable before sending
    counts as failed too, without an event to stop before. `failing_since` is when the first of
    those failed runs in a row ended; the first run that succeeds clears all of it.
    """

    name = models.CharField(max_length=50, primary_key=True)
    done_snapshot = models.TextField(blank=True)
    window_snapshot = models.TextField(blank=True)
    window_last_id = models.BigIntegerField(default=0)
    position = models.BigIntegerField(default=0)
    advanced_at = models.DateTimeField(null=True, blank=True)
    blocked_event_id = models.BigIntegerField(null=True, blank=True)
    failed_runs = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    failing_since = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"relay cursor {self.name} at {self.position}"


class ParkedEvent(models.Model):
    """An event Kafka refused for its content (too large, say), set aside so the others can flow.

    Later events of the same subject are parked behind it, so the aggregate's order holds.
    `manage.py events unpark` publishes them again, in order, once the cause is fixed.
    """

    event = models.OneToOneField(OutboxEvent, on_delete=models.CASCADE, primary_key=True, related_name="parked")
    subject = models.CharField(max_length=200, db_index=True)
    error = models.TextField()
    parked_at = models.DateTimeField()

    class Meta:
        ordering = ["event_id"]

    def __str__(self) -> str:
        return f"parked #{self.event_id}"


# --- Read model built by the stats consumer (events/projections.py) from the Kafka topics. -------


class ProcessedEvent(models.Model):
    """An event a consumer has applied: redelivered or replayed copies with the same id are skipped."""

    consumer = models.CharField(max_length=100)
    source = models.CharField(max_length=200)
    event_id = models.CharField(max_length=200)  # the CloudEvents id: any string, ours are UUIDs
    processed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consumer", "source", "event_id"], name="processed_event_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.consumer}: {self.source} {self.event_id}"


class DailyEventCount(models.Model):
    """Events of one type on one day (UTC) for one source, i.e. one conference."""

    source = models.CharField(max_length=200)
    type = models.CharField(max_length=200)
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "type", "day"], name="daily_event_count_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.type} {self.day}: {self.count}"


class DailySubmissionCount(models.Model):
    """Submissions per track per day (UTC); an empty track means the submission named none."""

    source = models.CharField(max_length=200)
    track = models.CharField(max_length=100, blank=True)
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "track", "day"], name="daily_submission_count_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.track or '-'} {self.day}: {self.count}"


class ReviewerReviewCount(models.Model):
    """Reviews each reviewer has submitted in one conference."""

    source = models.CharField(max_length=200)
    reviewer_id = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "reviewer_id"], name="reviewer_review_count_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.source} reviewer {self.reviewer_id}: {self.count}"
