"""The demo's steps where the default demo must not exist yet: the benchmark size on a fresh
database, the review without proposals, the programme without accepted talks."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from accounts.models import SpeakerProfile, User
from conference.models import Conference
from demo.conference import DEMO_SLUG, seed_conference
from demo.review import seed_past_conference
from demo.schedule import seed_schedule
from review.models import Review, ScoreCategory
from schedule.models import ScheduleRelease
from tests.factories import ConferenceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_seed_demo_kafka_summit_size_adds_speakers_and_reviewers():
    call_command("seed_demo", "--size", "kafka-summit", stdout=StringIO())

    conference = Conference.objects.get(slug=DEMO_SLUG)
    assert User.objects.filter(email__endswith="@bench.summit.test", email__startswith="speaker").count() == 500
    assert conference.roles.filter(role="reviewer", user__email__endswith="@bench.summit.test").count() == 5
    assert SpeakerProfile.objects.exclude(company="").count() == 501
    assert EmailAddress.objects.filter(verified=True).count() == User.objects.count()


def test_demo_past_conference_without_proposals_does_nothing(db):
    conference = ConferenceFactory(slug=DEMO_SLUG)

    seed_past_conference(UserFactory())

    assert ScoreCategory.objects.filter(conference=conference).count() == 0
    assert Review.objects.filter(submission__conference=conference).count() == 0


def test_demo_without_accepted_talks_releases_nothing(db):
    people = seed_conference(size="small")["people"]

    seed_schedule(people=people)

    assert ScheduleRelease.objects.count() == 0
