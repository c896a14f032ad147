"""Rows of office hours for arranging a test. Behaviour under test goes through the services."""

import datetime as dt

import factory
from django.db.models import F
from django.utils import timezone

from office_hours.models import Booking, OfficeHoursSettings, Slot
from tests.factories.accounts import UserFactory
from tests.factories.conference import ConferenceFactory


class OfficeHoursSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficeHoursSettings
        django_get_or_create = ["conference"]

    conference = factory.SubFactory(ConferenceFactory)
    office_hours_enabled = True
    rehearsals_enabled = True
    priority_hours = 0


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot

    conference = factory.SubFactory(ConferenceFactory)
    mentor = factory.SubFactory(UserFactory)
    # Three days out and an hour apart: never overlapping each other or a slot published for tomorrow.
    starts_at = factory.Sequence(lambda n: timezone.now().replace(microsecond=0) + dt.timedelta(days=3, hours=n))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=20))
    video_url = "https://meet.example.org/office-hours"
    published_at = factory.LazyFunction(timezone.now)
    open_to_all_at = factory.LazyFunction(timezone.now)


class BookingFactory(factory.django.DjangoModelFactory):
    """An active booking; takes the slot's seat the way the service does."""

    class Meta:
        model = Booking

    slot = factory.SubFactory(SlotFactory)
    conference = factory.SelfAttribute("slot.conference")
    speaker = factory.SubFactory(UserFactory)
    starts_at = factory.SelfAttribute("slot.starts_at")
    ends_at = factory.SelfAttribute("slot.ends_at")
    note = "Help me sharpen my abstract."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        booking = super()._create(model_class, *args, **kwargs)
        if booking.status == Booking.Status.ACTIVE:
            Slot.objects.filter(pk=booking.slot_id).update(seats_taken=F("seats_taken") + 1)
            booking.slot.refresh_from_db(fields=["seats_taken"])
        return booking
