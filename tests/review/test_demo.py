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
from tests.factories import ConferenceFactory, EmailAddressFactory, UserFactory
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


def test_demo_past_conference_decides_a_full_programme(demo):
    states = Counter(Submission.objects.filter(conference=demo).values_list("state", flat=True))

    # 160 proposals in the default demo: 120 accepted (some confirmed, some declined), 20 waitlisted.
    assert states[Submission.State.ACCEPTED] + states[Submission.State.CONFIRMED] + states["declined"] == 120
    assert states[Submission.State.WAITLISTED] == 20
    assert states[Submission.State.REJECTED] == 20
    assert Review.objects.filter(submission__conference=demo).count() > 160


def test_demo_past_conference_without_proposals_does_nothing(db):
    conference = ConferenceFactory(slug=DEMO_SLUG)

    seed_past_conference(UserFactory())

    assert ScoreCategory.objects.filter(conference=conference).count() == 0
    assert Review.objects.filter(submission__conference=conference).count() == 0


def test_demo_past_conference_scales_to_the_proposals(db):
    call_command("seed_demo", stdout=StringIO())
    demo = Conference.objects.get(slug=DEMO_SLUG)
    Submission.objects.filter(conference=demo).delete()
    organiser = demo.roles.get(role="organiser").user
    track, kind, level = demo.tracks.first(), demo.submission_types.first(), demo.levels.first()
    for _ in range(60):
        SubmissionFactory(conference=demo, track=track, submission_type=kind, level=level,
                          speakers=[EmailAddressFactory().user])  # fmt: skip

    seed_past_conference(organiser)
    counts = {"reviews": Review.objects.count(), "bids": Bid.objects.count(), "codes": PassCode.objects.count()}
    seed_past_conference(organiser)

    states = Counter(Submission.objects.filter(conference=demo).values_list("state", flat=True))
    assert states == {"confirmed": 42, "accepted": 2, "declined": 1, "waitlisted": 7, "rejected": 8}
    # Reviews come from assignments; a reviewer may pass on a proposal they bid "not interested" on.
    assert 50 < counts["reviews"] <= Assignment.objects.filter(submission__conference=demo).count()
    assert counts["bids"] > 0
    assert counts == {"reviews": Review.objects.count(), "bids": Bid.objects.count(), "codes": PassCode.objects.count()}
    assert Notification.objects.filter(conference=demo, status="sent").count() == 60
    assert PassCode.objects.filter(kind="pass").count() == 45
