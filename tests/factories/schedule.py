"""Rows of the schedule for arranging a test. Behaviour under test goes through the services."""

import datetime as dt

import factory

from schedule.models import ScheduleSlot, SpeakerUnavailability
from tests.factories.accounts import UserFactory
from tests.factories.conference import ConferenceFactory


class ScheduleSlotFactory(factory.django.DjangoModelFactory):
    """A block across all rooms unless given a room or a submission."""

    class Meta:
        model = ScheduleSlot

    conference = factory.SubFactory(ConferenceFactory)
    kind = ScheduleSlot.Kind.BREAK
    title = "Coffee break"
    starts_at = factory.LazyAttribute(
        lambda o: dt.datetime.combine(o.conference.start_date, dt.time(10, 0), tzinfo=o.conference.tzinfo)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=40))


class SpeakerUnavailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpeakerUnavailability

    conference = factory.SubFactory(ConferenceFactory)
    user = factory.SubFactory(UserFactory)
    starts_at = factory.LazyAttribute(
        lambda o: dt.datetime.combine(o.conference.start_date, dt.time(9, 0), tzinfo=o.conference.tzinfo)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=3))
