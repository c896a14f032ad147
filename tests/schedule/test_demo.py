"""The demo programme: built from the 2019 proposals, released as v1, idempotent."""

import pytest
from django.core.management import call_command

from cfp.models import Submission
from conference.models import Conference
from demo.conference import DEMO_SLUG
from demo.schedule import LEFT_UNSCHEDULED, seed_schedule
from schedule.models import ScheduleRelease, ScheduleSlot
from schedule.selectors import unscheduled_talks
from tests.factories.cfp import SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_with_proposals(db):
    """The default demo, plus 30 submitted proposals at the 2019 conference (as the review demo leaves)."""
    call_command("seed_demo", stdout=None)
    conference = Conference.objects.get(slug=DEMO_SLUG)
    talk = conference.submission_types.get(name="Talk")
    workshop = conference.submission_types.get(name="Workshop")
    for n in range(30):
        SubmissionFactory(
            conference=conference, track=conference.tracks.all()[n % 4], level=conference.levels.all()[n % 3],
            submission_type=workshop if n % 10 == 0 else talk, title=f"Proposal {n}",
        )  # fmt: skip
    return conference


def test_demo_builds_and_releases_the_programme(demo_with_proposals):
    from accounts.models import User

    people = {user.email: user for user in User.objects.filter(email__endswith="@summit.test")}
    seed_schedule(people=people)
    conference = demo_with_proposals

    slots = ScheduleSlot.objects.filter(conference=conference)
    assert slots.filter(kind="keynote", room=None).count() == 3
    assert slots.filter(kind="lunch").count() == 3 and slots.filter(kind="social").count() == 1
    assert slots.filter(submission__isnull=False).count() == 30 - LEFT_UNSCHEDULED
    assert unscheduled_talks(conference).count() == LEFT_UNSCHEDULED
    assert set(Submission.objects.filter(conference=conference).values_list("state", flat=True)) == {"confirmed"}
    release = ScheduleRelease.objects.get(conference=conference)
    assert (release.version, len(release.changelog["added"])) == ("v1", 30 - LEFT_UNSCHEDULED)

    seed_schedule(people=people)

    assert ScheduleRelease.objects.count() == 1
    assert ScheduleSlot.objects.count() == slots.count()


def test_demo_without_proposals_releases_nothing(db):
    call_command("seed_demo", stdout=None)

    assert ScheduleRelease.objects.count() == 0
