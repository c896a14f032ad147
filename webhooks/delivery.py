"""POSTing deliveries to an endpoint: claim one, send it outside any transaction, record what happened.

A delivery is claimed by pushing its `next_attempt_at` a lease ahead and committing, so no database
transaction stays open while a receiver takes its time, and a worker killed mid-POST leaves the
delivery to be tried again once the lease ends. After a failure the endpoint itself backs off
(`retry_after`): the rest of its deliveries wait for the next step instead of each spending a
timeout on a receiver that is down. Deliveries not delivered by their `retry_until` are parked.
"""

import json
import logging
import time
from dataclasses import dataclass
from datetime import timedelta

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from webhooks import signing
from webhooks.addresses import check_url
from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
FIRST_BACKOFF_SECONDS = 30
MAX_BACKOFF_SECONDS = 3600
USER_AGENT = "Summit-Webhooks/1"
State = WebhookDelivery.State


def retry_window() -> timedelta:
    return timedelta(hours=settings.WEBHOOKS_RETRY_HOURS)


def backoff(failures: int) -> timedelta:
    """30 s, 1 min, 2 min, … doubling up to an hour: about twenty tries in a day."""
    return timedelta(seconds=min(FIRST_BACKOFF_SECONDS * 2 ** max(failures - 1, 0), MAX_BACKOFF_SECONDS))


@dataclass
class Outcome:
    status_code: int | None
    error: str
    duration_ms: int

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


@dataclass
class EndpointRun:
    delivered: int = 0
    failed: int = 0


def deliver_endpoint(endpoint_id: int, *, budget_seconds: float | None = None) -> EndpointRun:
    """Send the endpoint's due deliveries, oldest first, until none is due, one fails or time is up."""
    run = EndpointRun()
    deadline = time.monotonic() + (budget_seconds or settings.WEBHOOKS_RUN_SECONDS)
    while time.monotonic() < deadline:
        delivery = _claim(endpoint_id)
        if delivery is None:
            break
        outcome = post(delivery)
        record(delivery, outcome)
        if not outcome.delivered:
            run.failed += 1
            break
        run.delivered += 1
    return run


def due_endpoint_ids() -> list[int]:
    now = timezone.now()
    due = WebhookDelivery.objects.filter(state=State.PENDING, next_attempt_at__lte=now, endpoint__is_active=True)
    due = due.filter(Q(endpoint__retry_after__isnull=True) | Q(endpoint__retry_after__lte=now))
    return sorted(set(due.values_list("endpoint_id", flat=True).distinct()))


def park_expired() -> int:
    """Park what was not delivered in its window: the log shows it, "send again" revives it."""
    now = timezone.now()
    return WebhookDelivery.objects.filter(state=State.PENDING, retry_until__lt=now).update(state=State.PARKED)


def _claim(endpoint_id: int) -> WebhookDelivery | None:
    now = timezone.now()
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id, is_active=True).first()
        if endpoint is None or (endpoint.retry_after and endpoint.retry_after > now):
            return None
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("event")
            .filter(endpoint_id=endpoint_id, state=State.PENDING, next_attempt_at__lte=now, retry_until__gte=now)
            .order_by("next_attempt_at", "id")
            .first()
        )
        if delivery is None:
            return None
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=now + LEASE)
    delivery.endpoint = endpoint
    return delivery


def body_of(delivery: WebhookDelivery) -> bytes:
    """The CloudEvent in structured mode (CloudEvents HTTP binding), compact JSON."""
    event = delivery.event.as_cloudevent()
    return json.dumps(event, separators=(",", ":"), ensure_ascii=False).encode()


def post(delivery: WebhookDelivery) -> Outcome:
    endpoint = delivery.endpoint
    started = time.monotonic()
    try:
        check_url(endpoint.url)
    except ValidationError as refused:
        return Outcome(None, refused.messages[0][:500], 0)
    body = body_of(delivery)
    now = timezone.now()
    secrets_in_use = [endpoint.secret]
    if endpoint.previous_secret and endpoint.previous_secret_expires_at and endpoint.previous_secret_expires_at > now:
        secrets_in_use.append(endpoint.previous_secret)
    headers = {
        "Content-Type": "application/cloudevents+json; charset=utf-8",
        "User-Agent": USER_AGENT,
        signing.HEADER: signing.header_value(secrets_in_use, body),
        "Summit-Delivery": str(delivery.pk),
    }
    try:
        response = requests.post(
            endpoint.url,
            data=body,
            headers=headers,
            timeout=(settings.WEBHOOKS_CONNECT_TIMEOUT_SECONDS, settings.WEBHOOKS_READ_TIMEOUT_SECONDS),
            allow_redirects=False,  # a redirect could lead anywhere, a private address included
        )
        response.close()
    except requests.Timeout:
        return Outcome(None, "timed out", _elapsed_ms(started))
    except requests.RequestException as error:
        return Outcome(None, f"{type(error).__name__}: {error}"[:500], _elapsed_ms(started))
    problem = "" if 200 <= response.status_code < 300 else f"HTTP {response.status_code}"
    if 300 <= response.status_code < 400:
        problem = f"HTTP {response.status_code}: redirects are not followed"
    return Outcome(response.status_code, problem, _elapsed_ms(started))


def record(delivery: WebhookDelivery, outcome: Outcome) -> None:
    now = timezone.now()
    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery,
            attempted_at=now,
            status_code=outcome.status_code,
            error=outcome.error,
            duration_ms=outcome.duration_ms,
        )
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
        attempts = delivery.attempts + 1
        if outcome.delivered:
            WebhookDelivery.objects.filter(pk=delivery.pk).update(
                state=State.DELIVERED,
                attempts=attempts,
                delivered_at=now,
                last_status_code=outcome.status_code,
                last_error="",
            )
            WebhookEndpoint.objects.filter(pk=endpoint.pk).update(failures_in_a_row=0, retry_after=None)
            return
        failures = endpoint.failures_in_a_row + 1
        wait = backoff(failures)
        expired = now + backoff(attempts) > delivery.retry_until
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            state=State.PARKED if expired else State.PENDING,
            attempts=attempts,
            next_attempt_at=now + backoff(attempts),
            last_status_code=outcome.status_code,
            last_error=outcome.error,
        )
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(failures_in_a_row=failures, retry_after=now + wait)
    logger.warning("Webhook %s: delivery %s failed (%s); next try in %s", endpoint.pk, delivery.pk, outcome.error, wait)


def _elapsed_ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
