import uuid

from django.db import models


class OutboxEvent(models.Model):
    """A domain event, written in the same transaction as the change it records.

    The row is a CloudEvents 1.0 record. The relay publishes unpublished rows to Kafka in `id`
    order and sets `published_at` once the broker has acknowledged them.
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
            models.Index(fields=["id"], name="outbox_unpublished_idx", condition=models.Q(published_at__isnull=True)),
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
            "time": self.time.isoformat().replace("+00:00", "Z"),
            "datacontenttype": self.datacontenttype,
            "data": self.data,
        }
