"""Kafka down: events wait in the outbox, and every one of them arrives once the broker is back."""

import pytest

from conference import services
from events import relay
from events.cursor import published_events, unpublished_events
from events.models import OutboxEvent
from events.selectors import relay_cursor
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
    assert published_events().count() == 1  # relayed on commit while the broker was up

    own_broker.stop()
    for number in range(5):
        services.conference_update(conference=conference, by=founder, venue=f"Hall {number}")

    waiting = unpublished_events().order_by("id")
    assert waiting.count() == 5
    # The first commit's relay found the broker gone and recorded why (before sending, when
    # librdkafka had already reported the dropped connection; else stopping before its event once
    # the delivery timed out); the next ones skipped the known-down broker quickly.
    assert relay_cursor().blocked_event_id in (None, waiting.first().pk)
    assert relay_cursor().failing_since is not None
    assert relay_cursor().last_error != ""
    assert relay.relay_pending().skipped == relay.UNREACHABLE

    own_broker.start()
    result = relay.relay_pending()

    assert (result.published, result.failed) == (5, 0)
    assert unpublished_events().count() == 0
    cursor = relay_cursor()
    assert (cursor.blocked_event_id, cursor.failing_since, cursor.failed_runs, cursor.last_error) == (None, None, 0, "")
    received = kafka_messages()
    assert sorted(m.headers["ce_id"] for m in received) == sorted(
        str(e) for e in OutboxEvent.objects.values_list("event_id", flat=True)
    )
    venues = [m.value for m in sorted(received, key=lambda m: m.offset)]
    assert [v.count(b"Hall") for v in venues] == [0, 1, 1, 1, 1, 1]
