import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import OutboxEvent
from tests.factories.webhooks import WebhookDeliveryFactory, WebhookEndpointFactory
from webhooks import services
from webhooks.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db
PUBLIC_URL = "https://93.184.215.14/hooks/summit"


def test_an_organiser_registers_an_endpoint_and_gets_its_secret_once(conference, organiser):
    endpoint, secret = services.endpoint_create(
        conference=conference, name=" Ticketing ", url=PUBLIC_URL, event_types=["summit.review.*"], by=organiser
    )

    assert secret.startswith("whsec_") and len(secret) > 40
    assert endpoint.name == "Ticketing" and endpoint.event_types == ["summit.review.*"]
    event = OutboxEvent.objects.get(type="summit.webhooks.endpoint.created.v1")
    assert event.subject == f"webhook_endpoint/{endpoint.pk}"
    assert event.source == f"/summit/{conference.slug}"
    assert secret not in str(event.data)  # the secret never travels in an event


@pytest.mark.parametrize(
    ("url", "event_types", "field"),
    [
        ("http://93.184.215.14/hook", ["*"], "url"),
        ("https://10.0.0.8/hook", ["*"], "url"),
        (PUBLIC_URL, [], "event_types"),
        (PUBLIC_URL, ["summit.nothing.like.this.v1"], "event_types"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(conference, organiser, url, event_types, field):
    with pytest.raises(ValidationError) as refused:
        services.endpoint_create(conference=conference, name="X", url=url, event_types=event_types, by=organiser)

    assert field in refused.value.message_dict
    assert not WebhookEndpoint.objects.exists()
    assert not OutboxEvent.objects.exists()


def test_only_site_admins_register_endpoints_for_every_conference(organiser, site_admin):
    with pytest.raises(ValidationError):
        services.endpoint_create(conference=None, name="All", url=PUBLIC_URL, event_types=["*"], by=organiser)

    endpoint, _ = services.endpoint_create(
        conference=None, name="All", url=PUBLIC_URL, event_types=["*"], by=site_admin
    )
    assert endpoint.conference is None
    assert OutboxEvent.objects.get().source == "/summit"


def test_rotating_keeps_the_previous_secret_signing_for_a_day(organiser, conference):
    endpoint = WebhookEndpointFactory(conference=conference)
    old = endpoint.secret

    endpoint, new = services.endpoint_rotate_secret(endpoint=endpoint, by=organiser)

    assert new != old and endpoint.secret == new and endpoint.previous_secret == old
    hours = (endpoint.previous_secret_expires_at - timezone.now()).total_seconds() / 3600
    assert 23.9 < hours <= 24
    assert OutboxEvent.objects.filter(type="summit.webhooks.endpoint.secret_rotated.v1").count() == 1


def test_switching_an_endpoint_back_on_clears_its_backoff(organiser, conference):
    endpoint = WebhookEndpointFactory(conference=conference, is_active=False, failures_in_a_row=5)
    endpoint.retry_after = timezone.now() + dt.timedelta(hours=1)
    endpoint.save()

    endpoint = services.endpoint_update(
        endpoint=endpoint, name="Back", url=PUBLIC_URL, event_types=["*"], is_active=True, by=organiser
    )

    assert endpoint.is_active and endpoint.failures_in_a_row == 0 and endpoint.retry_after is None


def test_send_again_revives_a_parked_delivery_with_a_new_window(organiser, conference):
    delivery = WebhookDeliveryFactory(
        endpoint__conference=conference,
        state=WebhookDelivery.State.PARKED,
        retry_until=timezone.now() - dt.timedelta(hours=1),
    )

    services.delivery_resend(delivery=delivery, by=organiser)

    delivery.refresh_from_db()
    assert delivery.state == WebhookDelivery.State.PENDING
    assert delivery.retry_until > timezone.now() + dt.timedelta(hours=23)
    assert OutboxEvent.objects.filter(type="summit.webhooks.delivery.resent.v1").count() == 1


def test_deleting_an_endpoint_removes_its_log(organiser, conference):
    delivery = WebhookDeliveryFactory(endpoint__conference=conference)

    services.endpoint_delete(endpoint=delivery.endpoint, by=organiser)

    assert not WebhookDelivery.objects.exists()
    assert (
        OutboxEvent.objects.filter(type="summit.webhooks.endpoint.deleted.v1", actor=f"user/{organiser.pk}").count()
        == 1
    )
