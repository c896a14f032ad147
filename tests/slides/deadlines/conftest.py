"""Fixtures of the deadline tests (timeline in helpers.py). The talk's two speakers read e-mail in
English (Ada, London) and in French (Béatrice, Paris)."""

import datetime as dt

import pytest

from tests.factories import RoomFactory, TrackFactory, UserFactory
from tests.factories.cfp import SubmissionFactory
from tests.slides.deadlines.helpers import DRAFT_DUE, schedule


@pytest.fixture
def conference(conference):
    # Set in full: the slides tests' own conference fixture (tests/slides/conftest.py) moves the dates.
    conference.timezone = "Europe/London"
    conference.start_date, conference.end_date = dt.date(2030, 9, 30), dt.date(2030, 10, 2)
    conference.slides_draft_deadline = DRAFT_DUE
    conference.save(update_fields=["timezone", "start_date", "end_date", "slides_draft_deadline"])
    return conference


@pytest.fixture
def track(conference):
    return TrackFactory(conference=conference, name="Stream processing", slug="stream-processing")


@pytest.fixture
def room(conference):
    return RoomFactory(conference=conference, name="Room 1")


@pytest.fixture
def ada(db):
    return UserFactory(email="ada@summit.test", name="Ada Lovelace", locale="en", timezone="Europe/London")


@pytest.fixture
def beatrice(db):
    return UserFactory(email="beatrice@summit.test", name="Béatrice Durand", locale="fr", timezone="Europe/Paris")


@pytest.fixture
def talk(conference, track, room, ada, beatrice):
    """A confirmed talk by Ada and Béatrice, scheduled on 30 September at 10:00."""
    submission = SubmissionFactory(
        conference=conference,
        track=track,
        state="confirmed",
        speakers=[ada, beatrice],
        title="Exactly-once in practice",
    )
    schedule(submission, room)
    return submission


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`commit(service, **kwargs)`: calls the service and runs what it queued for after the commit."""

    def run(service, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(*args, **kwargs)

    return run
