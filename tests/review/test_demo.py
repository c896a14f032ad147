"""The review demo: scaled to the proposals that exist, idempotent, and work for the demo reviewer."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from cfp.models import Submission
from conference.models import Conference
from demo.cfp import OPEN_CFP_SLUG
from demo.conference import DEMO_SLUG
from demo.review import seed_past_conference
from review.models import Assignment, Bid, Clarification, Notification, PassCode, Review, ScoreCategory
from tests.factories import EmailAddressFactory
from tests.factories.cfp import SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=StringIO())
    return Conference.objects.get(slug=DEMO_SLUG)


def test_demo_open_conference_gives_the_reviewer_work(demo):
    london = Conference.objects.get(slug=OPEN_CFP_SLUG)

    assert ScoreCategory.objects.filter(conference=london).count() == 3
    assert Assignment.objects.filter(reviewer__email="reviewer@summit.test", submission__conference=london).count() == 1
    assert Clarification.objects.filter(submission__conference=london, answered_at__isnull=True).count() == 1


def test_demo_past_conference_without_proposals_does_nothing(demo):
    assert ScoreCategory.objects.filter(conference=demo).count() == 0
    assert Review.objects.filter(submission__conference=demo).count() == 0


def test_demo_past_conference_scales_to_the_proposals(demo):
    organiser = demo.roles.get(role="organiser").user
    track, kind, level = demo.tracks.first(), demo.submission_types.first(), demo.levels.first()
    for _ in range(60):
        SubmissionFactory(conference=demo, track=track, submission_type=kind, level=level,
                          speakers=[EmailAddressFactory().user])  # fmt: skip

    seed_past_conference(organiser)
    counts = {"reviews": Review.objects.count(), "bids": Bid.objects.count(), "codes": PassCode.objects.count()}
    seed_past_conference(organiser)

    states = Counter(Submission.objects.filter(conference=demo).values_list("state", flat=True))
    assert states == {"rejected": 46, "confirmed": 12, "waitlisted": 2}
    # One reviewer in the default demo, so at most one review each (less "not interested" bids).
    assert counts["reviews"] == Assignment.objects.filter(submission__conference=demo).count() > 50
    assert counts["bids"] > 0
    assert counts == {"reviews": Review.objects.count(), "bids": Bid.objects.count(), "codes": PassCode.objects.count()}
    assert Notification.objects.filter(conference=demo, status="sent").count() == 60
    assert PassCode.objects.filter(kind="pass").count() == 12
