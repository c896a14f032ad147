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
from django.db.models import F, Q
from django.utils import timezone

from webhooks import signing
from webhooks.addresses import check_url
from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
# Deliveries claimed together: their POSTs go one after the other over one connection.
CLAIM_SIZE = 50
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
    """Send the endpoint's due deliveries, oldest first, until none is due, one fails or time is up.

    Deliveries are claimed CLAIM_SIZE at a time and their successes recorded together, over one
    kept-alive connection: a crash re-sends at most one claim's worth (receivers dedupe by id).
    """
    run = EndpointRun()
    deadline = time.monotonic() + (budget_seconds or settings.WEBHOOKS_RUN_SECONDS)
    with requests.Session() as session:
        while time.monotonic() < deadline:
            claimed = _claim(endpoint_id)
            if not claimed:
                break
            try:
                check_url(claimed[0].endpoint.url)  # once per claim: the address may have been re-pointed
            except ValidationError as refused:
                _settle(claimed, [], claimed[0], Outcome(None, refused.messages[0][:500], 0))
                run.failed += 1
                break
            done: list[tuple[WebhookDelivery, Outcome]] = []
            for delivery in claimed:
                outcome = post(delivery, session=session)
                if not outcome.delivered:
                    _settle(claimed, done, delivery, outcome)
                    run.delivered += len(done)
                    run.failed += 1
                    return run
                done.append((delivery, outcome))
            _settle(claimed, done, None, None)
            run.delivered += len(done)
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


def _claim(endpoint_id: int) -> list[WebhookDelivery]:
    now = timezone.now()
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id, is_active=True).first()
        if endpoint is None or (endpoint.retry_after and endpoint.retry_after > now):
            return []
        claimed = list(
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("event")
            .filter(endpoint_id=endpoint_id, state=State.PENDING, next_attempt_at__lte=now, retry_until__gte=now)
            .order_by("next_attempt_at", "id")[:CLAIM_SIZE]
        )
        WebhookDelivery.objects.filter(pk__in=[delivery.pk for delivery in claimed]).update(next_attempt_at=now + LEASE)
    for delivery in claimed:
        delivery.endpoint = endpoint
    return claimed


def _settle(
    claimed: list[WebhookDelivery],
    done: list[tuple[WebhookDelivery, Outcome]],
    failed: WebhookDelivery | None,
    outcome: Outcome | None,
) -> None:
    """Record a claim's outcome in one transaction: what was delivered, the one failure if any, and
    the rest handed back (due at once, behind the endpoint's backoff when it failed)."""
    now = timezone.now()
    untried = [
        delivery.pk for delivery in claimed if delivery is not failed and all(delivery is not d for d, _ in done)
    ]
    with transaction.atomic():
        WebhookAttempt.objects.bulk_create(
            [
                WebhookAttempt(
                    delivery=d, attempted_at=now, status_code=o.status_code, error="", duration_ms=o.duration_ms
                )
                for d, o in done
            ]
        )
        for code in {o.status_code for _, o in done}:
            ids = [d.pk for d, o in done if o.status_code == code]
            WebhookDelivery.objects.filter(pk__in=ids).update(
                state=State.DELIVERED,
                attempts=F("attempts") + 1,
                delivered_at=now,
                last_status_code=code,
                last_error="",
            )
        WebhookDelivery.objects.filter(pk__in=untried).update(next_attempt_at=now)
        if failed is not None and outcome is not None:
            _record_failure(failed, outcome, now)
        elif done and (claimed[0].endpoint.failures_in_a_row or claimed[0].endpoint.retry_after):
            WebhookEndpoint.objects.filter(pk=claimed[0].endpoint_id).update(failures_in_a_row=0, retry_after=None)


def body_of(delivery: WebhookDelivery) -> bytes:
    """The CloudEvent in structured mode (CloudEvents HTTP binding), compact JSON."""
    event = delivery.event.as_cloudevent()
    return json.dumps(event, separators=(",", ":"), ensure_ascii=False).encode()


def post(delivery: WebhookDelivery, *, session: requests.Session | None = None) -> Outcome:
    endpoint = delivery.endpoint
    started = time.monotonic()
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
        response = (session or requests).post(
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


def _record_failure(delivery: WebhookDelivery, outcome: Outcome, now) -> None:
    WebhookAttempt.objects.create(
        delivery=delivery,
        attempted_at=now,
        status_code=outcome.status_code,
        error=outcome.error,
        duration_ms=outcome.duration_ms,
    )
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
    attempts = delivery.attempts + 1
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
