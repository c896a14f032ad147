"""The schedule under test: the shared conference (three days in Los Angeles time) with rooms, a
catalogue, and accepted and confirmed talks by speakers with profiles."""

import datetime as dt

import pytest

from schedule.services.releases import release_publish
from schedule.services.slots import slot_place_talk
from tests.factories import (
    EmailAddressFactory,
    LevelFactory,
    RoomFactory,
    SpeakerProfileFactory,
    SubmissionTypeFactory,
    TrackFactory,
)
from tests.factories.cfp import SubmissionFactory


@pytest.fixture(autouse=True)
def _events_checked(events_are_valid):
    """Every event the code under test writes is checked against its schema and CloudEvents."""


@pytest.fixture
def conference(conference):
    conference.timezone = "America/Los_Angeles"
    conference.start_date, conference.end_date = dt.date(2030, 9, 30), dt.date(2030, 10, 2)
    conference.website = "https://kafka-summit.example/"
    conference.save()
    return conference


@pytest.fixture
def at(conference):
    """`at(day_index, "10:00")`: an aware datetime in the conference's time zone."""

    def make(day: int, clock: str) -> dt.datetime:
        date = conference.start_date + dt.timedelta(days=day)
        return dt.datetime.combine(date, dt.time.fromisoformat(clock), tzinfo=conference.tzinfo)

    return make


@pytest.fixture
def rooms(conference):
    return [
        RoomFactory(conference=conference, name="Grand Ballroom", position=0, is_plenary=True, capacity=1500),
        RoomFactory(conference=conference, name="Golden Gate", position=1),
        RoomFactory(conference=conference, name="Yosemite", position=2),
    ]


@pytest.fixture
def stream_track(conference):
    return TrackFactory(conference=conference, name="Stream Processing", slug="stream-processing", colour="#1a7f37")


@pytest.fixture
def core_track(conference):
    return TrackFactory(conference=conference, name="Core", slug="core", colour="#0a58ca")


@pytest.fixture
def talk_type(conference):
    return SubmissionTypeFactory(conference=conference, name="Talk", duration_minutes=40)


@pytest.fixture
def workshop_type(conference):
    return SubmissionTypeFactory(conference=conference, name="Workshop", duration_minutes=90)


@pytest.fixture
def intermediate(conference):
    return LevelFactory(conference=conference, name="Intermediate", slug="intermediate")


@pytest.fixture
def introductory(conference):
    return LevelFactory(conference=conference, name="Introductory", slug="introductory")


@pytest.fixture
def speaker(db):
    user = EmailAddressFactory(user__email="speaker@summit.test", user__name="Ada Lovelace").user
    SpeakerProfileFactory(user=user, company="Analytical Engines", job_title="Engineer")
    return user


@pytest.fixture
def other_speaker(db):
    user = EmailAddressFactory(
        user__email="other-speaker@summit.test", user__name="Alan Turing", user__locale="fr"
    ).user
    SpeakerProfileFactory(user=user)
    return user


@pytest.fixture
def make_talk(conference, stream_track, talk_type, intermediate):
    """`make_talk(title, speakers=[...], state="confirmed", **fields)`."""

    def make(title: str, *, speakers=None, state: str = "confirmed", **fields):
        values = {"track": stream_track, "submission_type": talk_type, "level": intermediate} | fields
        return SubmissionFactory(conference=conference, title=title, state=state, speakers=speakers, **values)

    return make


@pytest.fixture
def talk(make_talk, speaker):
    return make_talk("Exactly-once in practice", speakers=[speaker], abstract="What it costs & when it pays.")


@pytest.fixture
def other_talk(make_talk, other_speaker, core_track, introductory):
    return make_talk(
        "Consumer lag explained", speakers=[other_speaker], state="accepted", track=core_track, level=introductory
    )


@pytest.fixture
def released(conference, rooms, talk, other_talk, organiser, at):
    """Two talks placed and released as v1."""
    slot_place_talk(conference=conference, submission=talk, room=rooms[1], starts_at=at(0, "10:00"), by=organiser)
    slot_place_talk(conference=conference, submission=other_talk, room=rooms[2], starts_at=at(0, "10:00"), by=organiser)
    return release_publish(conference=conference, version="v1", by=organiser)
