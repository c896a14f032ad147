"""Writes to conferences, their lists and their teams: rows change and the event is emitted, or neither."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from conference import services
from conference.models import Conference, ConferenceRole, Level, Room, SubmissionType, Track
from events.models import OutboxEvent
from tests.factories import ConferenceRoleFactory, TrackFactory, UserFactory

pytestmark = pytest.mark.django_db

Role = ConferenceRole.Role

NEW_CONFERENCE = {
    "name": "Current 2030",
    "slug": "current-2030",
    "timezone": "Europe/London",
    "start_date": dt.date(2030, 5, 14),
    "end_date": dt.date(2030, 5, 15),
}


def event_types() -> list[str]:
    return list(OutboxEvent.objects.values_list("type", flat=True))


def test_conference_create_saves_conference_and_emits_created():
    founder = UserFactory()

    conference = services.conference_create(by=founder, **NEW_CONFERENCE)

    event = OutboxEvent.objects.get()
    assert event.type == "summit.conference.conference.created.v1"
    assert event.subject == "conference/current-2030"
    assert event.source == "/summit/current-2030"
    assert event.actor == f"user/{founder.pk}"
    assert event.data["conference_id"] == conference.pk
    assert event.data["start_date"] == "2030-05-14"
    assert event.data["timezone"] == "Europe/London"


def test_conference_create_makes_creator_organiser():
    founder = UserFactory()

    conference = services.conference_create(by=founder, **NEW_CONFERENCE)

    assert list(conference.roles.values_list("user", "role")) == [(founder.pk, Role.ORGANISER)]
    assert founder.has_perm("conference.change_conference", conference) is True


def test_conference_create_with_cfp_closing_before_opening_saves_nothing():
    fields = NEW_CONFERENCE | {
        "cfp_opens_at": dt.datetime(2030, 3, 1, tzinfo=dt.UTC),
        "cfp_closes_at": dt.datetime(2030, 2, 1, tzinfo=dt.UTC),
    }

    with pytest.raises(ValidationError) as raised:
        services.conference_create(by=UserFactory(), **fields)

    assert list(raised.value.message_dict) == ["cfp_closes_at"]
    assert Conference.objects.count() == 0
    assert event_types() == []


def test_conference_update_with_changes_emits_changed_fields(conference, organiser):
    services.conference_update(conference=conference, by=organiser, name="Renamed Summit", venue=conference.venue)

    conference.refresh_from_db()
    event = OutboxEvent.objects.get()
    assert conference.name == "Renamed Summit"
    assert event.type == "summit.conference.conference.updated.v1"
    assert event.data["changed_fields"] == ["name"]
    assert event.data["name"] == "Renamed Summit"


def test_conference_update_without_changes_emits_nothing(conference, organiser):
    services.conference_update(conference=conference, by=organiser, name=conference.name, venue=conference.venue)

    assert event_types() == []


def test_conference_update_with_end_before_start_saves_nothing(conference, organiser):
    with pytest.raises(ValidationError):
        services.conference_update(conference=conference, by=organiser, end_date=dt.date(2000, 1, 1))

    conference.refresh_from_db()
    assert conference.end_date == dt.date(2030, 10, 2)
    assert event_types() == []


# --- The four lists -------------------------------------------------------------------------------

KINDS = [
    pytest.param(
        Track,
        "track",
        {"name": "Core", "slug": "core", "colour": "#0a58ca", "description": "", "position": 0},
        {"colour": "#8250df"},
        id="track",
    ),
    pytest.param(
        Room,
        "room",
        {"name": "Grand Ballroom", "capacity": 1500, "position": 0, "is_plenary": True, "description": ""},
        {"capacity": 1400},
        id="room",
    ),
    pytest.param(
        SubmissionType,
        "submission_type",
        {"name": "Talk", "duration_minutes": 40, "position": 0},
        {"duration_minutes": 45},
        id="submission-type",
    ),
    pytest.param(Level, "level", {"name": "Advanced", "slug": "advanced", "position": 2}, {"position": 3}, id="level"),
]


@pytest.mark.parametrize("model, event_name, fields, change", KINDS)
def test_catalogue_item_create_saves_and_emits_created(conference, organiser, model, event_name, fields, change):
    item = services.catalogue_item_create(model=model, conference=conference, by=organiser, **fields)

    event = OutboxEvent.objects.get()
    assert model.objects.get().pk == item.pk
    assert event.type == f"summit.conference.{event_name}.created.v1"
    assert event.subject == f"{event_name}/{item.pk}"
    assert event.data == {"id": item.pk, "conference": conference.slug} | fields


@pytest.mark.parametrize("model, event_name, fields, change", KINDS)
def test_catalogue_item_update_emits_changed_fields(conference, organiser, model, event_name, fields, change):
    item = model.objects.create(conference=conference, **fields)

    services.catalogue_item_update(item=item, by=organiser, **(fields | change))

    event = OutboxEvent.objects.get()
    assert event.type == f"summit.conference.{event_name}.updated.v1"
    assert event.data["changed_fields"] == list(change)
    assert model.objects.filter(**change).count() == 1


@pytest.mark.parametrize("model, event_name, fields, change", KINDS)
def test_catalogue_item_update_without_changes_emits_nothing(conference, organiser, model, event_name, fields, change):
    item = model.objects.create(conference=conference, **fields)

    services.catalogue_item_update(item=item, by=organiser, **fields)

    assert event_types() == []


@pytest.mark.parametrize("model, event_name, fields, change", KINDS)
def test_catalogue_item_delete_removes_and_emits_last_state(conference, organiser, model, event_name, fields, change):
    item = model.objects.create(conference=conference, **fields)
    item_id = item.pk

    services.catalogue_item_delete(item=item, by=organiser)

    event = OutboxEvent.objects.get()
    assert model.objects.count() == 0
    assert event.type == f"summit.conference.{event_name}.deleted.v1"
    assert event.subject == f"{event_name}/{item_id}"
    assert event.data == {"id": item_id, "conference": conference.slug} | fields


def test_catalogue_item_create_with_duplicate_slug_raises_validation_error(conference, organiser):
    TrackFactory(conference=conference, slug="core")

    with pytest.raises(ValidationError):
        services.catalogue_item_create(model=Track, conference=conference, by=organiser, name="Core 2", slug="core")

    assert Track.objects.count() == 1
    assert event_types() == []


def test_catalogue_item_update_with_bad_colour_saves_nothing(conference, organiser):
    track = TrackFactory(conference=conference, colour="#000000")

    with pytest.raises(ValidationError):
        services.catalogue_item_update(item=track, by=organiser, colour="black")

    track.refresh_from_db()
    assert track.colour == "#000000"
    assert event_types() == []


# --- Team -------------------------------------------------------------------------------------


def test_role_grant_adds_member_and_emits_granted(conference, organiser):
    person = UserFactory()

    services.role_grant(conference=conference, user=person, role=Role.MENTOR, by=organiser)

    event = OutboxEvent.objects.get()
    assert list(person.conference_roles.values_list("role", flat=True)) == [Role.MENTOR]
    assert event.type == "summit.conference.role.granted.v1"
    assert event.subject == f"conference/{conference.slug}/member/{person.pk}"
    assert event.data == {"conference": conference.slug, "user_id": person.pk, "role": "mentor", "track_ids": []}


def test_role_grant_reviewer_with_tracks_scopes_the_review(conference, organiser):
    core, streams = TrackFactory(conference=conference), TrackFactory(conference=conference)
    person = UserFactory()

    membership = services.role_grant(
        conference=conference, user=person, role=Role.REVIEWER, tracks=[streams, core], by=organiser
    )

    assert set(membership.tracks.all()) == {core, streams}
    assert OutboxEvent.objects.get().data["track_ids"] == sorted([core.pk, streams.pk])


def test_role_grant_same_role_again_emits_nothing(conference, organiser, mentor):
    services.role_grant(conference=conference, user=mentor, role=Role.MENTOR, by=organiser)

    assert event_types() == []


def test_role_grant_tracks_to_a_mentor_is_refused(conference, organiser):
    track = TrackFactory(conference=conference)
    person = UserFactory()

    with pytest.raises(ValidationError) as raised:
        services.role_grant(conference=conference, user=person, role=Role.MENTOR, tracks=[track], by=organiser)

    assert list(raised.value.message_dict) == ["tracks"]
    assert person.conference_roles.count() == 0
    assert event_types() == []


def test_role_grant_track_of_another_conference_is_refused(conference, organiser, other_conference):
    foreign_track = TrackFactory(conference=other_conference)

    with pytest.raises(ValidationError) as raised:
        services.role_grant(
            conference=conference, user=UserFactory(), role=Role.REVIEWER, tracks=[foreign_track], by=organiser
        )

    assert list(raised.value.message_dict) == ["tracks"]


def test_role_revoke_removes_member_and_emits_revoked(conference, organiser, reviewer):
    membership = reviewer.conference_roles.get()

    services.role_revoke(membership=membership, by=organiser)

    event = OutboxEvent.objects.get()
    assert reviewer.conference_roles.count() == 0
    assert event.type == "summit.conference.role.revoked.v1"
    assert event.data == {"conference": conference.slug, "user_id": reviewer.pk, "role": "reviewer", "track_ids": []}


def test_role_revoke_last_organiser_is_refused(conference, organiser):
    membership = organiser.conference_roles.get()

    with pytest.raises(ValidationError) as raised:
        services.role_revoke(membership=membership, by=organiser)

    assert raised.value.code == "last_organiser"
    assert ConferenceRole.objects.filter(pk=membership.pk).exists() is True
    assert event_types() == []


def test_role_revoke_organiser_when_another_remains_is_allowed(conference, organiser):
    ConferenceRoleFactory(conference=conference, role=Role.ORGANISER)

    services.role_revoke(membership=organiser.conference_roles.get(), by=organiser)

    assert conference.roles.filter(role=Role.ORGANISER).count() == 1
    assert event_types() == ["summit.conference.role.revoked.v1"]
