"""Rows of the call for papers for arranging a test. Behaviour under test goes through the services."""

import datetime as dt

import factory
from django.utils import timezone

from cfp.models import CfpSettings, CoSpeakerInvitation, LateAccessCode, Question, Submission, SubmissionSpeaker
from tests.factories.accounts import UserFactory
from tests.factories.conference import ConferenceFactory, LevelFactory, SubmissionTypeFactory, TrackFactory

NOT_YET_SUBMITTED = {Submission.State.DRAFT, Submission.State.WITHDRAWN}


class CfpSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CfpSettings
        django_get_or_create = ["conference"]

    conference = factory.SubFactory(ConferenceFactory)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    conference = factory.SubFactory(ConferenceFactory)
    text = factory.Sequence(lambda n: f"Question {n}?")
    kind = Question.Kind.TEXT
    target = Question.Target.SUBMISSION

    @factory.post_generation
    def tracks(self, create, extracted, **kwargs):
        if create and extracted:
            self.tracks.set(extracted)


class LateAccessCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LateAccessCode

    conference = factory.SubFactory(ConferenceFactory)
    code = factory.Sequence(lambda n: f"late-code-{n}")
    valid_until = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A proposal in any state, with its catalogue from its own conference and one primary speaker.

    `SubmissionFactory(speakers=[a, b])` makes `a` the primary speaker and `b` a co-speaker.
    """

    class Meta:
        model = Submission
        skip_postgeneration_save = True

    conference = factory.SubFactory(ConferenceFactory)
    title = factory.Sequence(lambda n: f"Stream processing lesson {n}")
    abstract = factory.Faker("paragraph", nb_sentences=4)
    submission_type = factory.SubFactory(SubmissionTypeFactory, conference=factory.SelfAttribute("..conference"))
    track = factory.SubFactory(TrackFactory, conference=factory.SelfAttribute("..conference"))
    level = factory.SubFactory(LevelFactory, conference=factory.SelfAttribute("..conference"))
    state = Submission.State.SUBMITTED
    submitted_at = factory.LazyAttribute(lambda o: None if o.state in NOT_YET_SUBMITTED else timezone.now())

    @factory.post_generation
    def speakers(self, create, extracted, **kwargs):
        if not create:
            return
        for position, user in enumerate(extracted or [UserFactory()]):
            SubmissionSpeaker.objects.create(submission=self, user=user, is_primary=position == 0)


class CoSpeakerInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoSpeakerInvitation

    submission = factory.SubFactory(SubmissionFactory)
    email = factory.Sequence(lambda n: f"co-speaker{n}@summit.test")
    invited_by = factory.LazyAttribute(lambda o: o.submission.speaker_links.get(is_primary=True).user)
