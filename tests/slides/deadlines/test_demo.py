"""The deadline demo: some talks extended, some that truly missed a deadline flagged late, once."""

import datetime as dt

import pytest

from demo.slides_deadlines import seed_deadline_state
from slides.models import DeadlineExtension, Status, TalkSlides
from tests.factories.cfp import SubmissionFactory
from tests.slides.deadlines.helpers import london, schedule, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _events_checked(events_are_valid):
    """Every event written is checked against its schema and CloudEvents."""


def test_demo_extends_some_talks_and_flags_some_late_talks_once(conference, track, room, organiser):
    talks = [SubmissionFactory(conference=conference, track=track, state="confirmed") for _ in range(24)]
    for n, submission in enumerate(talks):
        schedule(submission, room, starts_at=london(9, 30, 9) + dt.timedelta(hours=n % 8, days=n // 8))
    for submission in talks[:12]:
        upload(submission, "final")
    after_the_event = london(10, 10)

    assert seed_deadline_state(conference, now=after_the_event) == {"extensions": 2, "late": 2}
    assert seed_deadline_state(conference, now=after_the_event) == {"extensions": 0, "late": 0}

    assert DeadlineExtension.objects.count() == 2
    assert set(DeadlineExtension.objects.values_list("granted_by", flat=True)) == {organiser.pk}
    late = TalkSlides.objects.filter(status=Status.LATE).select_related("submission")
    assert all(not record.versions.exists() for record in late)
    for extension in DeadlineExtension.objects.select_related("talk__submission"):
        assert extension.until < extension.talk.submission.slots.get().starts_at
