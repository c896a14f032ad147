"""Webhook endpoints, and the deliveries of domain events to them.

A delivery row is written for each (endpoint, event) the fan-out matches (webhooks/fanout.py), in the
transaction that moves the fan-out's cursor over the outbox, so an event reaches each endpoint's log
exactly once; the POST itself is at least once (a worker killed after the receiver answered sends it
again), and receivers dedupe by the CloudEvents `id`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from conference.models import Conference
from events.models import OutboxEvent


class WebhookEndpoint(models.Model):
    """An HTTPS URL that receives the event types it asks for, signed with its secret.

    `conference` empty: every conference's events (site administrators only). The secret signs each
    delivery (HMAC-SHA256) and must be kept in clear to do so; it is shown to the organiser once.
    After a rotation the previous secret signs too, until `previous_secret_expires_at`, so a receiver
    can switch without losing deliveries.
    """

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, null=True, blank=True, related_name="webhook_endpoints"
    )
    name = models.CharField(max_length=100)
    url = models.URLField(max_length=500)
    # Exact types ("summit.cfp.submission.submitted.v1"), a domain ("summit.cfp.*") or everything ("*").
    event_types = models.JSONField(default=list)
    secret = models.CharField(max_length=100)
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # After a failed delivery nothing is sent to the endpoint before this moment (its backoff), so a
    # dead receiver costs one timeout per backoff step, not one per waiting delivery.
    retry_after = models.DateTimeField(null=True, blank=True)
    failures_in_a_row = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(previous_secret="") | Q(previous_secret_expires_at__isnull=False),
                name="webhook_previous_secret_expires",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def wants(self, event_type: str) -> bool:
        for wanted in self.event_types:
            if wanted == "*" or wanted == event_type:
                return True
            if wanted.endswith(".*") and event_type.startswith(wanted[:-1]):
                return True
        return False


class WebhookDelivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "waiting to be sent"
        DELIVERED = "delivered", "delivered"
        PARKED = "parked", "parked: not delivered in time"

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    # Pruned with the outbox row after EVENTS_RETENTION_DAYS: the log keeps that long.
    event = models.ForeignKey(OutboxEvent, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    # Retried until then, then parked; "send again" gives it another window.
    retry_until = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event"], name="webhook_delivery_once_per_event"),
            models.CheckConstraint(
                condition=~Q(state="delivered") | Q(delivered_at__isnull=False), name="webhook_delivered_has_time"
            ),
        ]
        indexes = [models.Index(fields=["endpoint", "state", "next_attempt_at"], name="webhook_delivery_due_idx")]

    def __str__(self) -> str:
        return f"delivery {self.pk} of event {self.event_id} to {self.endpoint_id}"


class WebhookAttempt(models.Model):
    """One POST of a delivery: what the receiver answered, or why there was no answer."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    attempted_at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField()

    class Meta:
        ordering = ["-attempted_at", "-id"]

    def __str__(self) -> str:
        return f"attempt of delivery {self.delivery_id} at {self.attempted_at:%Y-%m-%d %H:%M:%S}"
