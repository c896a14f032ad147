import datetime as dt

import factory
from django.utils import timezone

from events.models import OutboxEvent
from tests.factories.conference import ConferenceFactory
from webhooks import signing
from webhooks.models import WebhookDelivery, WebhookEndpoint


class WebhookEndpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookEndpoint

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"Receiver {n}")
    url = factory.Sequence(lambda n: f"https://hooks{n}.example.org/summit")
    event_types = factory.LazyFunction(lambda: ["*"])
    secret = factory.LazyFunction(signing.new_secret)


class OutboxEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutboxEvent

    source = "/summit/test"
    # A valid event of a type with a small payload: the suite checks every outbox row against its schema.
    type = "summit.webhooks.endpoint.deleted.v1"
    subject = factory.Sequence(lambda n: f"webhook_endpoint/{n + 1}")
    time = factory.LazyFunction(timezone.now)
    data = factory.Sequence(lambda n: {"endpoint_id": n + 1})
    topic = "summit.webhooks"


class WebhookDeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookDelivery

    endpoint = factory.SubFactory(WebhookEndpointFactory)
    event = factory.SubFactory(OutboxEventFactory)
    next_attempt_at = factory.LazyFunction(timezone.now)
    retry_until = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(hours=24))
