"""The fan-out and the deliveries, against real HTTP receivers on loopback."""

import datetime as dt
import json
import time

import pytest
from django.db import transaction
from django.utils import timezone

from events.models import OutboxEvent
from events.operations import prune
from events.services import emit
from tests.events.support import publish_up_to
from tests.factories.conference import ConferenceFactory
from tests.factories.webhooks import WebhookEndpointFactory
from webhooks import delivery, fanout, signing, tasks
from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from webhooks.services import delivery_resend, endpoint_rotate_secret

# The fan-out reads what has committed, as the relay does: these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)
State = WebhookDelivery.State


def _emit(count: int, *, slug: str | None) -> list[OutboxEvent]:
    with transaction.atomic():
        return [
            emit(
                "summit.webhooks.endpoint.deleted.v1",
                subject=f"webhook_endpoint/{n}",
                data={"endpoint_id": n},
                conference_slug=slug,
            )
            for n in range(1, count + 1)
        ]


def test_each_committed_event_reaches_each_endpoint_that_wants_it_once(receiver):
    mine, other = ConferenceFactory(slug="mine"), ConferenceFactory(slug="theirs")
    wants_webhooks = WebhookEndpointFactory(conference=mine, url=receiver.url, event_types=["summit.webhooks.*"])
    wants_accounts = WebhookEndpointFactory(conference=mine, event_types=["summit.accounts.*"])
    elsewhere = WebhookEndpointFactory(conference=other, event_types=["*"])
    everything = WebhookEndpointFactory(conference=None, event_types=["*"])
    WebhookEndpointFactory(conference=mine, event_types=["*"], is_active=False)
    _emit(3, slug="mine")
    _emit(1, slug="theirs")

    first = fanout.fan_out()
    again = fanout.fan_out()

    assert (first.events, again.events, again.deliveries) == (4, 0, 0)
    counts = {endpoint.pk: endpoint.deliveries.count() for endpoint in WebhookEndpoint.objects.all()}
    assert counts[wants_webhooks.pk] == 3
    assert counts[wants_accounts.pk] == 0
    assert counts[elsewhere.pk] == 1
    assert counts[everything.pk] == 4
    assert sum(counts.values()) == 8  # the inactive endpoint got none


def test_a_delivery_is_the_signed_cloudevent(receiver):
    endpoint = WebhookEndpointFactory(conference=ConferenceFactory(slug="mine"), url=receiver.url)
    [event] = _emit(1, slug="mine")
    fanout.fan_out()

    run = delivery.deliver_endpoint(endpoint.pk)

    assert (run.delivered, run.failed) == (1, 0)
    [request] = receiver.requests
    assert request["headers"]["Content-Type"].startswith("application/cloudevents+json")
    assert signing.verify(endpoint.secret, request["headers"][signing.HEADER], request["body"])
    assert not signing.verify("whsec_another", request["headers"][signing.HEADER], request["body"])
    body = json.loads(request["body"])
    assert body["id"] == str(event.event_id) and body["type"] == event.type and body["data"] == {"endpoint_id": 1}
    row = WebhookDelivery.objects.get()
    assert row.state == State.DELIVERED and row.last_status_code == 204 and row.attempts == 1
    assert row.delivered_at is not None


def test_after_a_rotation_both_secrets_sign(receiver, organiser):
    endpoint = WebhookEndpointFactory(conference=ConferenceFactory(slug="mine"), url=receiver.url)
    old = endpoint.secret
    endpoint, new = endpoint_rotate_secret(endpoint=endpoint, by=organiser)
    fanout.fan_out()  # the rotation's own event, which "*" asks for

    delivery.deliver_endpoint(endpoint.pk)

    [request] = receiver.requests
    header = request["headers"][signing.HEADER]
    assert signing.verify(new, header, request["body"]) and signing.verify(old, header, request["body"])


def test_an_endpoint_answering_500_backs_off_and_keeps_its_deliveries(receiver_factory):
    failing = receiver_factory(status=500)
    endpoint = WebhookEndpointFactory(conference=ConferenceFactory(slug="mine"), url=failing.url)
    _emit(3, slug="mine")
    fanout.fan_out()

    run = delivery.deliver_endpoint(endpoint.pk)

    assert (run.delivered, run.failed) == (0, 1)
    assert len(failing.requests) == 1  # it stops at the first failure instead of trying all three
    endpoint.refresh_from_db()
    assert endpoint.failures_in_a_row == 1 and endpoint.retry_after > timezone.now()
    assert delivery.due_endpoint_ids() == []  # backing off: not queued again before retry_after
    tried = WebhookDelivery.objects.get(attempts=1)
    assert tried.state == State.PENDING and tried.last_status_code == 500 and tried.last_error == "HTTP 500"
    assert WebhookAttempt.objects.get().status_code == 500
    assert WebhookDelivery.objects.filter(state=State.PENDING).count() == 3


def test_a_receiver_that_times_out_costs_one_timeout_and_others_still_get_theirs(receiver_factory):
    slow, healthy = receiver_factory(delay=3.0), receiver_factory()
    conference = ConferenceFactory(slug="mine")
    stuck = WebhookEndpointFactory(conference=conference, url=slow.url)
    fine = WebhookEndpointFactory(conference=conference, url=healthy.url)
    _emit(5, slug="mine")
    fanout.fan_out()

    started = time.monotonic()
    stuck_run = delivery.deliver_endpoint(stuck.pk)
    elapsed = time.monotonic() - started
    fine_run = delivery.deliver_endpoint(fine.pk)

    assert stuck_run.failed == 1 and elapsed < 2.5  # the read timeout (0.5 s here), not five of them
    assert WebhookDelivery.objects.filter(endpoint=stuck, last_error="timed out").count() == 1
    assert fine_run.delivered == 5 and len(healthy.requests) == 5


def test_a_dead_endpoint_is_retried_then_parked_and_send_again_delivers(receiver_factory, organiser, settings):
    dead = receiver_factory(status=503)
    endpoint = WebhookEndpointFactory(conference=ConferenceFactory(slug="mine"), url=dead.url)
    _emit(1, slug="mine")
    fanout.fan_out()
    delivery.deliver_endpoint(endpoint.pk)
    # A day later, still failing: the window is over.
    WebhookDelivery.objects.update(retry_until=timezone.now() - dt.timedelta(seconds=1))

    assert delivery.park_expired() == 1
    parked = WebhookDelivery.objects.get()
    assert parked.state == State.PARKED and parked.last_status_code == 503

    dead.status = 200  # the receiver is fixed; the organiser sends it again
    delivery_resend(delivery=parked, by=organiser)
    assert delivery.due_endpoint_ids() == [endpoint.pk]
    delivery.deliver_endpoint(endpoint.pk)

    parked.refresh_from_db()
    assert parked.state == State.DELIVERED and parked.attempts == 2 and len(dead.requests) == 2


def test_a_url_repointed_at_a_private_address_is_not_called(settings):
    endpoint = WebhookEndpointFactory(conference=ConferenceFactory(slug="mine"), url="https://127.0.0.1:9/hook")
    _emit(1, slug="mine")
    fanout.fan_out()

    delivery.deliver_endpoint(endpoint.pk)

    row = WebhookDelivery.objects.get()
    assert row.state == State.PENDING and "private or local address" in row.last_error
    assert row.last_status_code is None


def test_backoff_doubles_from_30_seconds_to_an_hour():
    assert [delivery.backoff(n).total_seconds() for n in (1, 2, 3, 8, 20)] == [30, 60, 120, 3600, 3600]


def test_the_outbox_keeps_what_the_fan_out_has_not_read(settings):
    _emit(2, slug=None)
    OutboxEvent.objects.update(time=timezone.now() - dt.timedelta(days=60))
    publish_up_to(OutboxEvent.objects.order_by("-id").first().pk)  # Kafka has them all
    fanout.fan_out()
    _emit(1, slug=None)
    OutboxEvent.objects.update(time=timezone.now() - dt.timedelta(days=60))
    publish_up_to(OutboxEvent.objects.order_by("-id").first().pk)

    assert prune() == 2  # the third is published to Kafka but not yet fanned out
    assert OutboxEvent.objects.count() == 1


def test_the_sweep_fans_out_and_delivers_through_the_queue(receiver):
    endpoint = WebhookEndpointFactory(conference=ConferenceFactory(slug="mine"), url=receiver.url)
    _emit(2, slug="mine")

    result = tasks.sweep()  # Celery runs in-process here: the queued endpoint task runs at once

    assert result == {"events": 2, "deliveries": 2, "parked": 0, "endpoints": 1}
    assert len(receiver.requests) == 2
    assert endpoint.deliveries.filter(state=State.DELIVERED).count() == 2
