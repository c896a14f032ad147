"""The review committee under test: the shared conference after its call for papers, two tracks,
two score categories, a reviewer of one track, and proposals by speakers with companies."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from conference.models import ConferenceRole
from events.models import OutboxEvent

# Shared fixtures of another app's tests: a Celery queue on Redis.
from tests.events.test_celery_worker import celery_broker, celery_queue  # noqa: F401
from tests.factories import (
    ConferenceRoleFactory,
    EmailAddressFactory,
    LevelFactory,
    SpeakerProfileFactory,
    SubmissionTypeFactory,
    TrackFactory,
)
from tests.factories.cfp import SubmissionFactory
from tests.factories.review import AssignmentFactory, ReviewSettingsFactory, ScoreCategoryFactory


@pytest.fixture(autouse=True)
def _events_checked(events_are_valid):
    """Every event the code under test writes is checked against its schema and CloudEvents."""


@pytest.fixture
def conference(conference):
    now = timezone.now()
    conference.cfp_opens_at = now - dt.timedelta(days=60)
    conference.cfp_closes_at = now - dt.timedelta(days=1)
    conference.save(update_fields=["cfp_opens_at", "cfp_closes_at"])
    return conference


@pytest.fixture
def track(conference):
    return TrackFactory(conference=conference, name="Stream processing", slug="stream-processing")


@pytest.fixture
def other_track(conference):
    return TrackFactory(conference=conference, name="Core Kafka", slug="core", position=1)


@pytest.fixture
def catalogue(conference, track):
    return {
        "track": track,
        "submission_type": SubmissionTypeFactory(conference=conference, name="Talk"),
        "level": LevelFactory(conference=conference, name="Intermediate", slug="intermediate"),
    }


@pytest.fixture
def categories(conference):
    """Relevance 1–5 weighing twice as much as clarity 0–10."""
    return [
        ScoreCategoryFactory(conference=conference, name="Relevance", min_score=1, max_score=5, weight=Decimal("2")),
        ScoreCategoryFactory(conference=conference, name="Clarity", min_score=0, max_score=10, position=1),
    ]


@pytest.fixture
def review_settings(conference):
    return ReviewSettingsFactory(conference=conference)


@pytest.fixture
def reviewer(conference, track):
    """A reviewer of the stream-processing track, working at Streamworks."""
    user = EmailAddressFactory(user__email="reviewer@summit.test", user__name="Rafael Reviewer").user
    ConferenceRoleFactory(conference=conference, user=user, role=ConferenceRole.Role.REVIEWER, tracks=[track])
    SpeakerProfileFactory(user=user, company="Streamworks")
    return user


@pytest.fixture
def second_reviewer(conference):
    user = EmailAddressFactory(user__email="reviewer2@summit.test", user__name="Rosa Reviewer").user
    ConferenceRoleFactory(conference=conference, user=user, role=ConferenceRole.Role.REVIEWER)
    return user


@pytest.fixture
def speaker(db):
    user = EmailAddressFactory(user__email="speaker@summit.test", user__name="Ada Lovelace").user
    SpeakerProfileFactory(user=user, company="Analytical Engines", bio="Ada wrote the first program.")
    return user


@pytest.fixture
def submitted(conference, catalogue, speaker):
    return SubmissionFactory(
        conference=conference,
        speakers=[speaker],
        title="Consumer lag explained",
        abstract="What consumer lag tells you and what it hides.",
        video_url="https://video.example/ada-talk",
        **catalogue,
    )


@pytest.fixture
def assigned(submitted, reviewer):
    AssignmentFactory(submission=submitted, reviewer=reviewer)
    return submitted


@pytest.fixture
def event_types():
    def types() -> list[str]:
        return list(OutboxEvent.objects.order_by("id").values_list("type", flat=True))

    return types
