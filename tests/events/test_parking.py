"""An event Kafka refuses for its content is parked, with its subject's later events; the rest flows."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from events import relay
from events.cursor import unpublished_events
from events.models import OutboxEvent, ParkedEvent

pytestmark = [pytest.mark.kafka, pytest.mark.django_db(transaction=True)]


def write(subject: str, note: str, topic: str) -> OutboxEvent:
    """A row as emit() writes it; the payload is free-form, so it can be made too large."""
    return OutboxEvent.objects.create(
        source="/summit",
        type="summit.accounts.user.registered.v1",
        subject=subject,
        time=timezone.now(),
        data={"user_id": 1, "locale": "en", "note": note},
        topic=topic,
    )


def unpark() -> str:
    out = StringIO()
    call_command("events", "unpark", stdout=out)
    return out.getvalue()


@pytest.fixture
def refused(kafka_topics, kafka_settings):
    """user/1's first event is over the producer's size limit; one more of user/1, one of user/2."""
    kafka_settings.KAFKA_MESSAGE_MAX_BYTES = 20_000
    topic = f"{kafka_settings.KAFKA_TOPIC_PREFIX}.accounts"
    return [write("user/1", "x" * 50_000, topic), write("user/1", "second", topic), write("user/2", "other", topic)]


def test_a_refused_event_and_its_subjects_later_ones_are_parked_and_the_rest_published(refused, kafka_messages):
    result = relay.relay_pending()

    assert (result.published, result.parked, result.failed) == (1, 2, 0)
    assert [m.key for m in kafka_messages()] == ["user/2"]
    parked = list(ParkedEvent.objects.order_by("event_id"))
    assert [p.event_id for p in parked] == [refused[0].pk, refused[1].pk]
    assert "too large" in parked[0].error.lower()
    assert "behind an earlier parked event" in parked[1].error
    assert set(unpublished_events().values_list("pk", flat=True)) == {refused[0].pk, refused[1].pk}


def test_a_later_run_parks_new_events_of_a_parked_subject_behind_it(refused, kafka_settings, kafka_messages):
    relay.relay_pending()
    later = write("user/1", "third", refused[0].topic)

    result = relay.relay_pending()

    assert (result.published, result.parked) == (0, 1)
    assert ParkedEvent.objects.filter(event=later).exists()
    assert [m.key for m in kafka_messages()] == ["user/2"]


def test_unpark_publishes_parked_events_in_order_once_kafka_takes_them(refused, kafka_settings, kafka_messages):
    relay.relay_pending()
    kafka_settings.KAFKA_MESSAGE_MAX_BYTES = 1_000_000  # the operator raised the limit

    output = unpark()

    assert output.strip() == "Published 2 parked events; 0 still parked."
    assert ParkedEvent.objects.count() == 0
    assert unpublished_events().count() == 0
    user_1 = sorted((m for m in kafka_messages() if m.key == "user/1"), key=lambda m: m.offset)
    assert [len(json.loads(m.value)["note"]) for m in user_1] == [50_000, len("second")]


def test_unpark_keeps_what_kafka_still_refuses_and_says_why(refused, kafka_messages):
    relay.relay_pending()

    with pytest.raises(CommandError, match="(?i)too large"):
        unpark()

    assert ParkedEvent.objects.count() == 2
    assert [m.key for m in kafka_messages()] == ["user/2"]
