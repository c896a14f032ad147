"""The call for papers under test: the shared conference with its call open, its catalogue and speakers."""

import datetime as dt

import pytest
from django.utils import timezone

from events.models import OutboxEvent
from tests.factories import EmailAddressFactory, LevelFactory, SubmissionTypeFactory, TrackFactory
from tests.factories.cfp import SubmissionFactory


@pytest.fixture(autouse=True)
def _events_checked(events_are_valid):
    """Every event the code under test writes is checked against its schema and CloudEvents."""


@pytest.fixture
def conference(conference):
    """The shared conference, its call for papers opened a week ago and closing in a month."""
    now = timezone.now()
    conference.cfp_opens_at = now - dt.timedelta(days=7)
    conference.cfp_closes_at = now + dt.timedelta(days=30)
    conference.save(update_fields=["cfp_opens_at", "cfp_closes_at"])
    return conference


@pytest.fixture
def close_cfp(conference):
    """`close_cfp()`: the call for papers closed yesterday."""

    def close() -> None:
        now = timezone.now()
        conference.cfp_opens_at = now - dt.timedelta(days=30)
        conference.cfp_closes_at = now - dt.timedelta(days=1)
        conference.save(update_fields=["cfp_opens_at", "cfp_closes_at"])

    return close


@pytest.fixture
def track(conference):
    return TrackFactory(conference=conference, name="Stream processing", slug="stream-processing")


@pytest.fixture
def other_track(conference):
    return TrackFactory(conference=conference, name="Core Kafka", slug="core", colour="#d1242f")


@pytest.fixture
def talk(conference):
    return SubmissionTypeFactory(conference=conference, name="Talk", duration_minutes=40)


@pytest.fixture
def level(conference):
    return LevelFactory(conference=conference, name="Intermediate", slug="intermediate")


@pytest.fixture
def catalogue(track, talk, level) -> dict:
    """What a proposal must name, as the services take it."""
    return {"track": track, "submission_type": talk, "level": level}


@pytest.fixture
def speaker(db):
    """Signed up and verified; no role in any conference."""
    return EmailAddressFactory(user__email="speaker@summit.test", user__name="Ada Lovelace").user


@pytest.fixture
def other_speaker(db):
    return EmailAddressFactory(user__email="other-speaker@summit.test", user__name="Alan Turing").user


@pytest.fixture
def co_speaker(db):
    return EmailAddressFactory(user__email="co-speaker@summit.test", user__name="Grace Hopper").user


@pytest.fixture
def draft(conference, catalogue, speaker):
    return SubmissionFactory(
        conference=conference, state="draft", speakers=[speaker], title="Exactly-once in practice", **catalogue
    )


@pytest.fixture
def submitted(conference, catalogue, speaker):
    return SubmissionFactory(
        conference=conference,
        speakers=[speaker],
        title="Consumer lag explained",
        abstract="What consumer lag tells you and what it hides, with the dashboards we use.",
        **catalogue,
    )


@pytest.fixture
def event_types():
    """`event_types()`: the types of the outbox rows written so far, oldest first."""

    def types() -> list[str]:
        return list(OutboxEvent.objects.order_by("id").values_list("type", flat=True))

    return types


@pytest.fixture
def form_data(track, talk, level):
    """`form_data(**changes)`: what the submission form posts for a complete draft."""

    def data(**changes) -> dict:
        return {
            "title": "Exactly-once in practice",
            "abstract": "What exactly-once delivery costs in a real payments pipeline.",
            "description": "",
            "submission_type": talk.pk,
            "track": track.pk,
            "level": level.pk,
            "language": "en",
            "video_url": "",
            "slides_url": "",
            "notes": "",
            "action": "draft",
        } | changes

    return data
