"""Rows of the review committee for arranging a test. Behaviour under test goes through the services."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from review.models import (
    Assignment,
    Bid,
    Clarification,
    PassCode,
    Review,
    ReviewPhase,
    ReviewSettings,
    Score,
    ScoreCategory,
)
from tests.factories.accounts import UserFactory
from tests.factories.cfp import SubmissionFactory
from tests.factories.conference import ConferenceFactory


class ReviewSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewSettings
        django_get_or_create = ["conference"]

    conference = factory.SubFactory(ConferenceFactory)


class ReviewPhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewPhase

    conference = factory.SubFactory(ConferenceFactory)
    kind = ReviewPhase.Kind.REVIEWING
    starts_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    can_review = True


class ScoreCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoreCategory

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"Category {n}")
    min_score = 1
    max_score = 5
    weight = Decimal("1")


class BidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bid

    reviewer = factory.SubFactory(UserFactory)
    submission = factory.SubFactory(SubmissionFactory)
    level = Bid.Level.EAGER


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    reviewer = factory.SubFactory(UserFactory)
    submission = factory.SubFactory(SubmissionFactory)


class ReviewFactory(factory.django.DjangoModelFactory):
    """A review with the given total; `scores={category: value}` adds score rows."""

    class Meta:
        model = Review
        skip_postgeneration_save = True

    reviewer = factory.SubFactory(UserFactory)
    submission = factory.SubFactory(SubmissionFactory)
    total = Decimal("5.00")

    @factory.post_generation
    def scores(self, create, extracted, **kwargs):
        if create and extracted:
            for category, value in extracted.items():
                Score.objects.create(review=self, category=category, value=value)


class ClarificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clarification

    submission = factory.SubFactory(SubmissionFactory)
    asked_by = factory.SubFactory(UserFactory)
    question = "Which Kafka version did you measure this on?"


class PassCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PassCode

    submission = factory.SubFactory(SubmissionFactory)
    conference = factory.SelfAttribute("submission.conference")
    speaker = factory.LazyAttribute(lambda o: o.submission.speaker_links.get(is_primary=True).user)
    kind = PassCode.Kind.PASS
