"""Rows of slides for arranging a test. Uploads under test go through the services."""

import factory

from slides.models import SlideReviewer, SlidesSettings, TalkSlides
from tests.factories.accounts import UserFactory
from tests.factories.cfp import SubmissionFactory
from tests.factories.conference import ConferenceFactory


class SlidesSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SlidesSettings
        django_get_or_create = ["conference"]

    conference = factory.SubFactory(ConferenceFactory)


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


class TalkSlidesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TalkSlides

    submission = factory.SubFactory(SubmissionFactory, state="confirmed")
