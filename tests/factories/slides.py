"""Rows of the slides app for arranging a test. Uploads, reviews and deadlines under test go through the services."""

import factory
from django.utils import timezone

from slides.models import DeadlineExtension, SlideReview, SlideReviewer, SlidesSettings, SlideVersion, TalkSlides
from tests.factories.accounts import UserFactory
from tests.factories.cfp import SubmissionFactory
from tests.factories.conference import ConferenceFactory


class SlidesSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SlidesSettings
        django_get_or_create = ["conference"]

    conference = factory.SubFactory(ConferenceFactory)


class TalkSlidesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TalkSlides

    submission = factory.SubFactory(SubmissionFactory, state="accepted")


class SlideVersionFactory(factory.django.DjangoModelFactory):
    """A version row only: the file name points nowhere (no test here reads the file)."""

    class Meta:
        model = SlideVersion

    talk = factory.SubFactory(TalkSlidesFactory)
    number = factory.Sequence(lambda n: n + 1)
    kind = "draft"
    file = factory.LazyAttribute(lambda o: f"test/{o.talk.submission.code}/v{o.number}.pdf")
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    size_bytes = 1024
    page_count = 12
    original_name = "deck.pdf"
    uploaded_at = factory.LazyFunction(timezone.now)


class SlideReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SlideReview

    version = factory.SubFactory(SlideVersionFactory)
    reviewer = factory.SubFactory(UserFactory)
    verdict = SlideReview.Verdict.APPROVED


class SlideReviewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SlideReviewer
        skip_postgeneration_save = True

    conference = factory.SubFactory(ConferenceFactory)
    user = factory.SubFactory(UserFactory)

    @factory.post_generation
    def tracks(self, create, extracted, **kwargs):
        if create and extracted:
            self.tracks.set(extracted)


class DeadlineExtensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeadlineExtension

    talk = factory.SubFactory(TalkSlidesFactory)
    kind = "final"
    until = factory.LazyFunction(timezone.now)
    reason = "Travelling"
