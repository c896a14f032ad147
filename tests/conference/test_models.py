"""Invariants of conferences and their lists: the database refuses bad rows, full_clean names the field."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from conference.models import Conference, ConferenceRole, Level, Room, SubmissionType, Track
from tests.factories import (
    ConferenceFactory,
    ConferenceRoleFactory,
    LevelFactory,
    RoomFactory,
    SubmissionTypeFactory,
    TrackFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

OPENS = dt.datetime(2030, 3, 1, 9, 0, tzinfo=dt.UTC)
CLOSES = dt.datetime(2030, 6, 1, 9, 0, tzinfo=dt.UTC)


def _conference_row(**fields) -> Conference:
    defaults = {
        "name": "Row Summit",
        "slug": "row-summit",
        "start_date": dt.date(2030, 9, 30),
        "end_date": dt.date(2030, 10, 2),
    }
    return Conference(**(defaults | fields))


def _save_bypassing_validation(row) -> None:
    # The savepoint keeps the test's transaction usable on PostgreSQL after the error.
    with transaction.atomic():
        row.save()


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"slug": "2019-summit"}, id="slug-digit-first"),
        pytest.param({"slug": "Kafka-Summit"}, id="slug-upper-case"),
        pytest.param({"end_date": dt.date(2030, 9, 29)}, id="ends-before-start"),
        pytest.param({"cfp_opens_at": CLOSES, "cfp_closes_at": OPENS}, id="cfp-closes-before-open"),
        pytest.param({"cfp_opens_at": OPENS, "cfp_closes_at": OPENS}, id="cfp-closes-when-opens"),
        pytest.param({"review_opens_at": CLOSES, "review_closes_at": OPENS}, id="review-closes-before-open"),
        pytest.param({"currency": "usd"}, id="currency-lower-case"),
        pytest.param({"currency": "US"}, id="currency-two-letters"),
        pytest.param({"pass_value": Decimal("-1.00")}, id="pass-value-negative"),
    ],
)
def test_conference_row_violating_a_check_is_rejected_by_database(fields):
    row = _conference_row(**fields)

    with pytest.raises(IntegrityError):
        _save_bypassing_validation(row)

    assert Conference.objects.count() == 0


def test_conference_row_with_open_ended_windows_is_accepted_by_database():
    row = _conference_row(cfp_opens_at=OPENS, cfp_closes_at=None, review_opens_at=None, review_closes_at=CLOSES)

    _save_bypassing_validation(row)

    assert Conference.objects.count() == 1


def test_conference_slug_duplicate_is_rejected_by_database():
    ConferenceFactory(slug="row-summit")

    with pytest.raises(IntegrityError):
        _save_bypassing_validation(_conference_row(slug="row-summit"))


@pytest.mark.parametrize(
    "model, fields",
    [
        pytest.param(Track, {"name": "Core", "slug": "1core", "colour": "#000000"}, id="track-slug-digit-first"),
        pytest.param(Track, {"name": "Core", "slug": "core", "colour": "red"}, id="track-colour-name"),
        pytest.param(Track, {"name": "Core", "slug": "core", "colour": "#12345"}, id="track-colour-short"),
        pytest.param(Room, {"name": "Hall", "capacity": 0}, id="room-capacity-zero"),
        pytest.param(SubmissionType, {"name": "Flash", "duration_minutes": 4}, id="type-shorter-than-5"),
        pytest.param(Level, {"name": "Easy", "slug": "-easy"}, id="level-slug-hyphen-first"),
    ],
)
def test_catalogue_row_violating_a_check_is_rejected_by_database(model, fields):
    conference = ConferenceFactory()

    with pytest.raises(IntegrityError):
        _save_bypassing_validation(model(conference=conference, **fields))

    assert model.objects.count() == 0


@pytest.mark.parametrize(
    "factory, first, second",
    [
        pytest.param(TrackFactory, {"slug": "core"}, {"slug": "core"}, id="track-slug"),
        pytest.param(TrackFactory, {"name": "Core"}, {"name": "Core"}, id="track-name"),
        pytest.param(RoomFactory, {"name": "Hall"}, {"name": "Hall"}, id="room-name"),
        pytest.param(SubmissionTypeFactory, {"name": "Talk"}, {"name": "Talk"}, id="type-name"),
        pytest.param(LevelFactory, {"slug": "easy"}, {"slug": "easy"}, id="level-slug"),
    ],
)
def test_catalogue_duplicate_in_one_conference_is_rejected_by_database(factory, first, second):
    conference = ConferenceFactory()
    factory(conference=conference, **first)
    duplicate = factory.build(conference=conference, **second)

    with pytest.raises(IntegrityError):
        _save_bypassing_validation(duplicate)


@pytest.mark.parametrize(
    "factory, fields",
    [
        pytest.param(TrackFactory, {"slug": "core", "name": "Core"}, id="track"),
        pytest.param(RoomFactory, {"name": "Hall"}, id="room"),
        pytest.param(SubmissionTypeFactory, {"name": "Talk"}, id="type"),
        pytest.param(LevelFactory, {"slug": "easy"}, id="level"),
    ],
)
def test_catalogue_same_name_in_two_conferences_is_accepted(factory, fields):
    factory(conference=ConferenceFactory(), **fields)

    factory(conference=ConferenceFactory(), **fields)

    assert factory._meta.model.objects.count() == 2


def test_conference_role_duplicate_is_rejected_by_database():
    role = ConferenceRoleFactory(role=ConferenceRole.Role.REVIEWER)
    duplicate = ConferenceRole(conference=role.conference, user=role.user, role=ConferenceRole.Role.REVIEWER)

    with pytest.raises(IntegrityError):
        _save_bypassing_validation(duplicate)


def test_conference_role_unknown_is_rejected_by_database():
    row = ConferenceRole(conference=ConferenceFactory(), user=UserFactory(), role="speaker")

    with pytest.raises(IntegrityError):
        _save_bypassing_validation(row)


def test_user_email_differing_only_in_case_is_rejected_by_database():
    UserFactory(email="ada@summit.test")

    with pytest.raises(IntegrityError):
        _save_bypassing_validation(User(email="Ada@Summit.test"))


# --- full_clean: the same rules as field errors, for forms and the API -------------------------


@pytest.mark.parametrize(
    "fields, field",
    [
        pytest.param({"cfp_opens_at": CLOSES, "cfp_closes_at": OPENS}, "cfp_closes_at", id="cfp-closes-before-open"),
        pytest.param(
            {"review_opens_at": CLOSES, "review_closes_at": OPENS}, "review_closes_at", id="review-closes-before-open"
        ),
        pytest.param({"end_date": dt.date(2030, 9, 1)}, "end_date", id="ends-before-start"),
        pytest.param({"slug": "2019-summit"}, "slug", id="slug-digit-first"),
        pytest.param({"currency": "dollars"}, "currency", id="currency-not-iso"),
        pytest.param({"timezone": "Mars/Olympus_Mons"}, "timezone", id="timezone-unknown"),
    ],
)
def test_conference_full_clean_with_bad_value_names_the_field(fields, field):
    row = _conference_row(**fields)

    with pytest.raises(ValidationError) as raised:
        row.full_clean()

    assert list(raised.value.message_dict) == [field]


def test_conference_full_clean_with_duplicate_slug_names_the_slug():
    ConferenceFactory(slug="row-summit")

    with pytest.raises(ValidationError) as raised:
        _conference_row(slug="row-summit").full_clean()

    assert list(raised.value.message_dict) == ["slug"]


def test_conference_full_clean_with_good_values_passes():
    row = _conference_row(timezone="America/Los_Angeles", cfp_opens_at=OPENS, cfp_closes_at=CLOSES, currency="EUR")

    row.full_clean()

    assert row.tzinfo.key == "America/Los_Angeles"


def test_track_full_clean_with_bad_colour_names_the_colour():
    track = TrackFactory.build(conference=ConferenceFactory(), colour="blue")

    with pytest.raises(ValidationError) as raised:
        track.full_clean()

    assert list(raised.value.message_dict) == ["colour"]


@pytest.mark.parametrize("slug", ["me", "manage", "api"])
def test_conference_slug_reserved_word_is_refused(slug):
    conference = ConferenceFactory.build(slug=slug)

    with pytest.raises(ValidationError) as raised:
        conference.full_clean()

    assert [error.code for error in raised.value.error_dict["slug"]] == ["reserved_slug"]
