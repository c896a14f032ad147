"""Kafka down: events wait in the outbox, and every one of them arrives once the broker is back."""

import pytest

from conference import services
from events import relay
from events.models import OutboxEvent
from tests.events.support import Broker, create_conference, free_port
from tests.factories import UserFactory

pytestmark = [pytest.mark.kafka, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def own_broker(tmp_path, kafka_settings):
    """A broker of this test's own, so stopping it disturbs no other test."""
    broker = Broker(free_port(), tmp_path / "noida-db")
    broker.start()
    kafka_settings.KAFKA_BOOTSTRAP_SERVERS = broker.bootstrap
    yield broker
    broker.stop()


def test_events_emitted_while_the_broker_is_down_all_arrive_after_restart(own_broker, kafka_messages):
    founder = UserFactory()
    conference = create_conference(by=founder, name="Current", slug="current")
    assert OutboxEvent.objects.get().published_at is not None  # relayed on commit while the broker was up

    own_broker.stop()
    for number in range(5):
        services.conference_update(conference=conference, by=founder, venue=f"Hall {number}")

    waiting = OutboxEvent.objects.filter(published_at__isnull=True)
    assert waiting.count() == 5
    # The first commit tried and recorded why; the next ones skipped the known-down broker quickly.
    assert waiting.exclude(last_error="").count() >= 1
    assert relay.relay_pending().skipped == relay.UNREACHABLE

    own_broker.start()
    result = relay.relay_pending()

    assert (result.published, result.failed) == (5, 0)
    assert OutboxEvent.objects.filter(published_at__isnull=True).count() == 0
    received = kafka_messages()
    assert sorted(m.headers["ce_id"] for m in received) == sorted(
        str(e) for e in OutboxEvent.objects.values_list("event_id", flat=True)
    )
    venues = [m.value for m in sorted(received, key=lambda m: m.offset)]
    assert [v.count(b"Hall") for v in venues] == [0, 1, 1, 1, 1, 1]
