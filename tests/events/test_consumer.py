"""The stats consumer folds the topics into its read model once per event, replays included."""

import uuid

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from conference import services
from events import selectors
from events.models import OutboxEvent, ProcessedEvent
from events.selectors import DayCount
from events.services import emit, source_for
from tests.events.support import create_conference
from tests.factories import UserFactory

pytestmark = [pytest.mark.kafka, pytest.mark.django_db(transaction=True)]

SOURCE = source_for("current")


def submitted(code: str, track: str) -> dict:
    return {
        "code": code,
        "conference": "current",
        "title": f"Talk {code}",
        "state": "submitted",
        "track": track,
        "submission_type": "Talk",
        "level": "intermediate",
        "language": "en",
        "speaker_ids": [42],
        "is_first_time_speaker": False,
        "submitted_at": "2030-03-02T17:04:11Z",
        "previous_state": "draft",
    }


def record_review(reviewer_id: int, settings) -> None:
    """The review domain has no schema yet: the row is written as its service will write it."""
    OutboxEvent.objects.create(
        source=SOURCE,
        type="summit.review.review.submitted.v1",
        subject=f"review/{uuid.uuid4().hex[:8]}",
        time=timezone.now(),
        data={"reviewer_id": reviewer_id, "score": 2},
        topic=f"{settings.KAFKA_TOPIC_PREFIX}.review",
    )


def consume(group: str) -> None:
    call_command("consume_stats", "--group", group, "--until-caught-up", "--max-seconds", "60")


def test_read_model_counts_each_event_once_after_a_replay(kafka_topics, kafka_settings):
    founder = UserFactory()
    conference = create_conference(by=founder, name="Current", slug="current")
    services.conference_update(conference=conference, by=founder, venue="ExCeL")
    with transaction.atomic():
        for code, track in [("K7PXQ2MA", "streams"), ("K7PXQ2MB", "streams"), ("K7PXQ2MC", "ops")]:
            emit(
                "summit.cfp.submission.submitted.v1",
                subject=f"submission/{code}",
                data=submitted(code, track),
                conference_slug="current",
            )
        for reviewer_id in [7, 7, 9]:
            record_review(reviewer_id, kafka_settings)
    call_command("events", "relay")
    consume("stats-test")
    first = selectors.stats_for_source(SOURCE)

    call_command("events", "replay")
    consume("stats-test")  # the same group reads the replayed copies
    consume("stats-rebuilt")  # a new group reads everything: originals and copies

    today = timezone.now().date()
    assert selectors.stats_for_source(SOURCE) == first
    assert first.events_per_day == [DayCount(today, 8)]
    assert first.events_per_type == {
        "summit.cfp.submission.submitted.v1": 3,
        "summit.conference.conference.created.v1": 1,
        "summit.conference.conference.updated.v1": 1,
        "summit.review.review.submitted.v1": 3,
    }
    assert [(t.track, t.count, t.per_day) for t in first.submissions_per_track] == [
        ("ops", 1, [DayCount(today, 1)]),
        ("streams", 2, [DayCount(today, 2)]),
    ]
    assert first.reviews_per_reviewer == {7: 2, 9: 1}
    assert ProcessedEvent.objects.count() == OutboxEvent.objects.count() == 8


def test_replay_of_a_type_sends_only_that_type(kafka_topics, kafka_messages):
    founder = UserFactory()
    conference = create_conference(by=founder, name="Current", slug="current")
    services.conference_update(conference=conference, by=founder, venue="ExCeL")

    call_command("events", "replay", "--type", "summit.conference.conference.updated.v1", "--since", "2000-01-01")

    types = [m.headers["ce_type"] for m in kafka_messages()]
    assert sorted(types) == [
        "summit.conference.conference.created.v1",
        "summit.conference.conference.updated.v1",
        "summit.conference.conference.updated.v1",
    ]
