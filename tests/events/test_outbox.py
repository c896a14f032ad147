"""The outbox: events are written with their change or not at all, and match their published schemas."""

import datetime as dt
import hashlib
import json

import pytest
from django.conf import settings
from django.db import transaction
from jsonschema import Draft202012Validator

from accounts import services as account_services
from accounts.models import User
from conference import services
from conference.models import Conference, ConferenceRole, Level, Room, SubmissionType, Track
from events import registry
from events.models import OutboxEvent
from events.services import EmitOutsideTransaction, emit
from tests.factories import UserFactory

SCHEMA_FILES = sorted(registry.SCHEMA_DIR.glob("summit.*.json"))
# The domains whose services these tests run; other apps test their own events.
DOMAINS = {"accounts", "conference"}

CATALOGUE = [
    (Track, {"name": "Streams", "slug": "streams", "colour": "#8250df"}, {"colour": "#1a7f37"}),
    (Room, {"name": "Hall A", "capacity": 300}, {"is_plenary": True}),
    (SubmissionType, {"name": "Talk", "duration_minutes": 40}, {"duration_minutes": 45}),
    (Level, {"name": "Beginner", "slug": "beginner"}, {"position": 1}),
]


def run_every_service() -> None:
    """Each service of the accounts and conference apps, once, so each of their event types is emitted."""
    speaker = account_services.user_register(user=User(email="speaker@summit.test", name="Ada", locale="fr"))
    account_services.profile_update(user=speaker, bio="Streams all day.", company="Streamworks")
    token, _secret = account_services.api_token_create(user=speaker, name="Laptop")
    account_services.api_token_revoke(token=token, by=speaker)
    founder = UserFactory()
    conference = services.conference_create(
        by=founder,
        name="Current 2030",
        slug="current-2030",
        timezone="America/Los_Angeles",
        start_date=dt.date(2030, 5, 14),
        end_date=dt.date(2030, 5, 15),
        cfp_opens_at=dt.datetime(2030, 1, 10, 17, 0, tzinfo=dt.UTC),
        cfp_closes_at=dt.datetime(2030, 3, 10, 17, 0, tzinfo=dt.UTC),
        notification_date=dt.date(2030, 4, 1),
    )
    services.conference_update(conference=conference, by=founder, venue="Moscone West", pass_value="899.00")
    services.identity_update(conference=conference, by=founder, primary_colour="#0b3d91", tagline="Streams, live.")
    for model, fields, change in CATALOGUE:
        item = services.catalogue_item_create(model=model, conference=conference, by=founder, **fields)
        services.catalogue_item_update(item=item, by=founder, **change)
        services.catalogue_item_delete(item=item, by=founder)
    track = services.catalogue_item_create(model=Track, conference=conference, by=founder, name="Core", slug="core")
    membership = services.role_grant(
        conference=conference, user=speaker, role=ConferenceRole.Role.REVIEWER, tracks=[track], by=founder
    )
    services.role_revoke(membership=membership, by=founder)


@pytest.mark.django_db
def test_every_event_of_the_services_matches_its_schema_and_cloudevents():
    run_every_service()

    events = list(OutboxEvent.objects.all())
    for event in events:
        registry.validate_envelope(event.as_cloudevent())
    expected = {event_type.name for event_type in registry.all_types() if event_type.domain in DOMAINS}
    assert {event.type for event in events} == expected


@pytest.mark.django_db
def test_every_event_envelope_has_cloudevents_attributes():
    run_every_service()

    for event in OutboxEvent.objects.all():
        envelope = event.as_cloudevent()
        assert envelope["specversion"] == "1.0"
        assert envelope["datacontenttype"] == "application/json"
        assert envelope["time"].endswith("Z")
        assert dt.datetime.fromisoformat(envelope["time"]) == event.time
        assert envelope["source"].startswith("/summit")
        assert event.topic == f"{settings.KAFKA_TOPIC_PREFIX}.{registry.get(event.type).domain}"


@pytest.mark.django_db
def test_event_ids_are_unique_uuids():
    run_every_service()

    ids = [event.as_cloudevent()["id"] for event in OutboxEvent.objects.all()]
    assert len(set(ids)) == len(ids)


@pytest.mark.django_db(transaction=True)
def test_emit_outside_a_transaction_raises_and_writes_nothing():
    with pytest.raises(EmitOutsideTransaction):
        emit("summit.accounts.user.registered.v1", subject="user/1", data={"user_id": 1, "locale": "en"})

    assert OutboxEvent.objects.count() == 0


@pytest.mark.django_db
def test_emit_rolled_back_with_its_transaction_leaves_no_row():
    founder = UserFactory()

    with pytest.raises(RuntimeError), transaction.atomic():
        services.conference_create(
            by=founder, name="Doomed", slug="doomed", start_date=dt.date(2030, 1, 1), end_date=dt.date(2030, 1, 2)
        )
        raise RuntimeError("the request failed after the service ran")

    assert OutboxEvent.objects.count() == 0
    assert Conference.objects.count() == 0


@pytest.mark.django_db
def test_emit_data_violating_schema_raises_and_writes_nothing():
    with pytest.raises(registry.InvalidEventData), transaction.atomic():
        emit("summit.accounts.user.registered.v1", subject="user/1", data={"user_id": "one", "email": "x@y.z"})

    assert OutboxEvent.objects.count() == 0


@pytest.mark.django_db
def test_emit_unknown_type_raises_and_writes_nothing():
    with pytest.raises(registry.UnknownEventType), transaction.atomic():
        emit("summit.accounts.user.teleported.v1", subject="user/1", data={})

    assert OutboxEvent.objects.count() == 0


@pytest.mark.django_db
def test_emit_within_a_transaction_writes_one_row():
    with transaction.atomic():
        event = emit("summit.accounts.user.registered.v1", subject="user/7", data={"user_id": 7, "locale": "fr"})

    assert list(OutboxEvent.objects.values_list("pk", "type", "subject", "source")) == [
        (event.pk, "summit.accounts.user.registered.v1", "user/7", "/summit")
    ]


# --- The schema files ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda path: path.stem)
def test_schema_file_is_valid_json_schema(path):
    schema = json.loads(path.read_text())

    Draft202012Validator.check_schema(schema)

    assert schema["title"] == path.stem
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda path: path.stem)
def test_schema_file_examples_validate(path):
    schema = json.loads(path.read_text())
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)

    assert schema["examples"] != []
    for example in schema["examples"]:
        assert list(validator.iter_errors(example)) == []


# The CloudEvents 1.0 JSON Schema as published (cloudevents/spec, cloudevents/formats/cloudevents.json),
# byte for byte: the vendored copy is the reference, so a clone needs nothing outside itself.
CLOUDEVENTS_SCHEMA_SHA256 = "b64ad6f25e9bac2239d29f932bea4920f4e1f8b6749709bfb509a33b1381ed2c"


def test_cloudevents_schema_copy_is_the_published_one():
    digest = hashlib.sha256(registry.CLOUDEVENTS_SCHEMA_PATH.read_bytes()).hexdigest()

    assert digest == CLOUDEVENTS_SCHEMA_SHA256
