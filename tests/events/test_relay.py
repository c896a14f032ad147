"""The relay publishes what services emit: right topic, key, CloudEvents headers and payload."""

import datetime as dt
import json

import pytest
from django.db import connection, transaction

from accounts import services as account_services
from accounts.models import User
from conference import services
from conference.models import ConferenceRole, Level, Room, SubmissionType, Track
from events import cloudevents, registry, relay
from events.cursor import published_events
from events.models import OutboxEvent
from events.services import emit
from tests.events.support import create_conference
from tests.factories import UserFactory

pytestmark = [pytest.mark.kafka, pytest.mark.django_db(transaction=True)]

CATALOGUE = {
    Track: {"name": "Streams", "slug": "streams", "colour": "#8250df"},
    Room: {"name": "Hall A", "capacity": 300},
    SubmissionType: {"name": "Talk", "duration_minutes": 40},
    Level: {"name": "Beginner", "slug": "beginner"},
}


def emit_every_type() -> None:
    """Run each service that emits an event, so each type this repository emits is relayed once or more."""
    speaker = account_services.user_register(user=User(email="speaker@summit.test", name="Ada"))
    account_services.profile_update(user=speaker, bio="Streams all day.")
    token, _secret = account_services.api_token_create(user=speaker, name="Laptop")
    account_services.api_token_revoke(token=token, by=speaker)
    founder = UserFactory()
    conference = create_conference(by=founder, name="Current 2030", slug="current-2030")
    services.conference_update(conference=conference, by=founder, venue="ExCeL London")
    services.identity_update(conference=conference, by=founder, primary_colour="#0b3d91")
    for model, fields in CATALOGUE.items():
        item = services.catalogue_item_create(model=model, conference=conference, by=founder, **fields)
        item = services.catalogue_item_update(item=item, by=founder, name=f"{fields['name']} (renamed)")
        services.catalogue_item_delete(item=item, by=founder)
    membership = services.role_grant(conference=conference, user=speaker, role=ConferenceRole.Role.REVIEWER, by=founder)
    services.role_revoke(membership=membership, by=founder)


def emitted_types() -> set[str]:
    """Every type whose domain has services in this repository today."""
    return {t.name for t in registry.all_types() if t.domain in {"accounts", "conference"}}


def test_every_emitted_type_reaches_its_topic_keyed_by_subject(kafka_topics, kafka_messages):
    emit_every_type()

    rows = {str(row.event_id): row for row in OutboxEvent.objects.all()}
    published = set(published_events().values_list("pk", flat=True))
    received = {message.headers["ce_id"]: message for message in kafka_messages()}
    assert set(received) == set(rows)
    assert {row.type for row in rows.values()} == emitted_types()
    for event_id, row in rows.items():
        message = received[event_id]
        assert row.pk in published
        assert message.topic == row.topic == f"{kafka_topics[0].rsplit('.', 1)[0]}.{registry.get(row.type).domain}"
        assert message.key == row.subject
        assert message.headers == {
            "ce_specversion": "1.0",
            "ce_id": event_id,
            "ce_source": row.source,
            "ce_type": row.type,
            "ce_subject": row.subject,
            "ce_time": cloudevents.format_time(row.time),
            "content-type": "application/json",
        }
        assert json.loads(message.value) == row.data
        registry.validate_envelope(cloudevents.from_message(message.raw_headers, message.value))


def test_one_aggregates_events_share_a_partition_in_commit_order(kafka_topics, kafka_messages):
    founder = UserFactory()
    conference = create_conference(by=founder, name="Current", slug="current")
    for venue in ["Hall 1", "Hall 2", "Hall 3"]:
        services.conference_update(conference=conference, by=founder, venue=venue)

    messages = [m for m in kafka_messages() if m.key == "conference/current"]

    assert len({m.partition for m in messages}) == 1
    assert [json.loads(m.value)["venue"] for m in sorted(messages, key=lambda m: m.offset)] == [
        "",
        "Hall 1",
        "Hall 2",
        "Hall 3",
    ]


def test_emit_rolled_back_with_its_transaction_leaves_nothing(kafka_topics, kafka_messages):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.conference_create(
            by=UserFactory(),
            name="Gone",
            slug="gone",
            timezone="UTC",
            start_date=dt.date(2030, 1, 1),
            end_date=dt.date(2030, 1, 2),
        )
        raise RuntimeError("the request failed after the service ran")

    assert OutboxEvent.objects.count() == 0
    assert relay.relay_pending().published == 0
    assert kafka_messages() == []


def test_emit_queues_one_relay_per_transaction(kafka_topics):
    founder = UserFactory()

    with transaction.atomic():
        for number in range(3):
            emit(
                "summit.accounts.user.registered.v1",
                subject=f"user/{number + 1}",
                data={"user_id": number + 1, "locale": "en"},
                actor=founder,
            )
        queued = [callback for _, callback, _ in connection.run_on_commit]

    assert len(queued) == 1


def test_emit_after_a_rolled_back_savepoint_still_queues_the_relay(kafka_topics, kafka_messages):
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            emit("summit.accounts.user.registered.v1", subject="user/1", data={"user_id": 1, "locale": "en"})
            raise RuntimeError("inner block failed")
        emit("summit.accounts.user.registered.v1", subject="user/2", data={"user_id": 2, "locale": "en"})

    assert [m.key for m in kafka_messages()] == ["user/2"]
    assert published_events().get() == OutboxEvent.objects.get()
