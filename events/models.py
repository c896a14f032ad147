import uuid

from django.db import models

from events.cloudevents import format_time


class OutboxEvent(models.Model):
    """A domain event, written in the same transaction as the change it records.

    The row is a CloudEvents 1.0 record. The relay publishes unpublished rows to Kafka in `id`
    order and sets `published_at` once the broker has acknowledged them. What is left to publish
    is listed in OutboxPending, not by an index on `published_at`: no index names `published_at` or
    `attempts`, so the relay's update of them is a HOT update on PostgreSQL (the table keeps room
    on each page for it, see migration 0003) and writes no index entries.
    """

    # The auto-increment id gives the relay a total order; `event_id` is the CloudEvents id.
    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source = models.CharField(max_length=200)
    type = models.CharField(max_length=200)
    subject = models.CharField(max_length=200)
    time = models.DateTimeField()
    datacontenttype = models.CharField(max_length=100, default="application/json")
    data = models.JSONField()
    actor = models.CharField(max_length=100, blank=True, help_text="Who caused it, e.g. user/42.")
    topic = models.CharField(max_length=200)
    published_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

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


class OutboxPending(models.Model):
    """An outbox row the relay has yet to publish; written by emit() in the same transaction.

    The relay claims these narrow rows (FOR UPDATE SKIP LOCKED) instead of locking the wide
    outbox rows, and deletes them once Kafka acknowledged the event. `subject` is copied so the
    per-subject order check needs no join.
    """

    event = models.OneToOneField(OutboxEvent, on_delete=models.CASCADE, primary_key=True, related_name="pending")
    subject = models.CharField(max_length=200)

    class Meta:
        ordering = ["event_id"]

    def __str__(self) -> str:
        return f"pending #{self.event_id}"


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
