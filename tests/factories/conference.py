import datetime as dt

import factory

from conference.models import Conference, ConferenceRole, Level, Room, SubmissionType, Track


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference

    name = factory.Sequence(lambda n: f"Stream Summit {n}")
    slug = factory.Sequence(lambda n: f"stream-summit-{n}")
    timezone = "UTC"
    start_date = dt.date(2030, 9, 30)
    end_date = dt.date(2030, 10, 2)
    venue = "Hilton Union Square"
    is_public = True


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"Track {n}")
    slug = factory.Sequence(lambda n: f"track-{n}")
    colour = "#1f6feb"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    capacity = 200


class SubmissionTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubmissionType

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"Talk {n}")
    duration_minutes = 40


class LevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Level

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"Level {n}")
    slug = factory.Sequence(lambda n: f"level-{n}")


class ConferenceRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConferenceRole
        skip_postgeneration_save = True

    conference = factory.SubFactory(ConferenceFactory)
    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    role = ConferenceRole.Role.ORGANISER

    @factory.post_generation
    def tracks(self, create, extracted, **kwargs):
        if create and extracted:
            self.tracks.set(extracted)
