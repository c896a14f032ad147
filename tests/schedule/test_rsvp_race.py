"""The database decides seats, on real PostgreSQL: 50 attendees race for the last seat of a session
from separate connections; exactly one gets it and the other 49 take places in the waiting line."""

import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction

from schedule.models import Reservation, SessionSeating
from schedule.services.rsvp import reservation_create, seating_configure
from tests.factories import EmailAddressFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

RACERS = 50


def test_last_seat_raced_by_50_attendees_gives_one_seat_and_49_waiting(released, talk, organiser):
    seating = seating_configure(submission=talk, rsvp_required=True, capacity=2, by=organiser)
    reservation_create(seating=seating, user=EmailAddressFactory(user__email="early@summit.test").user)
    racers = [EmailAddressFactory(user__email=f"racer{n}@summit.test").user for n in range(RACERS)]
    start = threading.Barrier(RACERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(user) -> None:
        try:
            start.wait()
            result = reservation_create(seating=seating, user=user).status
        except Exception as error:  # noqa: BLE001 (a deadlock or constraint error must show in the outcomes)
            result = repr(error)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(user,)) for user in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    seating.refresh_from_db()
    assert sorted(outcomes) == ["confirmed"] + ["waiting"] * (RACERS - 1)
    assert (seating.seats_taken, seating.waiting) == (2, RACERS - 1)
    assert Reservation.objects.filter(seating=seating, status="confirmed").count() == 2
    assert Reservation.objects.filter(seating=seating, status="waiting").count() == RACERS - 1


def test_database_refuses_more_seats_taken_than_offered(released, talk, organiser):
    seating = seating_configure(submission=talk, rsvp_required=True, capacity=2, by=organiser)

    with pytest.raises(IntegrityError), transaction.atomic():
        SessionSeating.objects.filter(pk=seating.pk).update(seats_taken=3)


def test_database_refuses_two_active_places_of_one_person(released, talk, organiser):
    seating = seating_configure(submission=talk, rsvp_required=True, capacity=2, by=organiser)
    user = EmailAddressFactory(user__email="twice@summit.test").user
    Reservation.objects.create(seating=seating, user=user, status="confirmed")

    with pytest.raises(IntegrityError), transaction.atomic():
        Reservation.objects.create(seating=seating, user=user, status="waiting")
