"""No double booking under load, on real PostgreSQL: many speakers race for the last seat of a slot
from separate connections, and the database constraints refuse what the services would not write."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction

from office_hours.models import Booking, Slot
from office_hours.services.bookings import booking_create
from tests.factories import BookingFactory, EmailAddressFactory, SlotFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and exclusion constraints need PostgreSQL"),
]

RACERS = 50


def test_last_seat_raced_by_50_speakers_is_booked_exactly_once(slot):
    speakers = [EmailAddressFactory(user__email=f"racer{n}@summit.test").user for n in range(RACERS)]
    start = threading.Barrier(RACERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(speaker) -> None:
        try:
            start.wait()
            booking_create(slot=slot, speaker=speaker, note="Please review my abstract.")
            result = "booked"
        except ValidationError as error:
            result = " ".join(error.messages)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(speaker,)) for speaker in speakers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    slot.refresh_from_db()
    assert outcomes.count("booked") == 1
    assert outcomes.count("This slot was just taken. Please choose another one.") == RACERS - 1
    assert Booking.objects.filter(slot=slot, status="active").count() == 1
    assert slot.seats_taken == 1


def test_database_refuses_more_seats_than_capacity(slot):
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.filter(pk=slot.pk).update(seats_taken=2)


def test_database_refuses_overlapping_open_slots_of_one_mentor(slot):
    with pytest.raises(IntegrityError), transaction.atomic():
        SlotFactory(
            conference=slot.conference,
            mentor=slot.mentor,
            starts_at=slot.starts_at + dt.timedelta(minutes=10),
            ends_at=slot.ends_at + dt.timedelta(minutes=10),
        )


def test_database_refuses_overlapping_active_bookings_of_one_speaker(slot, speaker, conference):
    BookingFactory(slot=slot, speaker=speaker)
    other = SlotFactory(conference=conference, starts_at=slot.starts_at, ends_at=slot.ends_at)

    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(slot=other, speaker=speaker)
