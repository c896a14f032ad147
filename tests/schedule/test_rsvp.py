"""Seats, waiting lines and check-in (schedule.services.rsvp), and the change notices a release
queues (schedule.services.notices): each refusal changes nothing."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from events.models import OutboxEvent
from schedule.models import ChangeNotice, Favourite, Reservation, ScheduleSlot, SessionSeating
from schedule.services.releases import release_publish
from schedule.services.rsvp import checkin_record, reservation_cancel, reservation_create, seating_configure
from schedule.services.slots import slot_move
from schedule.tasks import send_change_notice, send_reservation_update
from tests.factories import EmailAddressFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    return [EmailAddressFactory(user__email=f"fan{n}@summit.test", user__name=f"Fan {n}").user for n in range(4)]


@pytest.fixture
def seating(released, talk, organiser):
    return seating_configure(submission=talk, rsvp_required=True, capacity=2, by=organiser)


def _counts(seating):
    seating.refresh_from_db()
    return seating.seats_taken, seating.waiting


def test_seating_capacity_defaults_to_the_rooms(released, talk, rooms, organiser):
    seating = seating_configure(submission=talk, rsvp_required=True, by=organiser)

    assert seating.capacity == rooms[1].capacity
    assert seating.starts_at == ScheduleSlot.objects.get(submission=talk).starts_at
    event = OutboxEvent.objects.filter(type="summit.schedule.seating.configured.v1").get()
    assert (event.subject, event.data["capacity"]) == (f"submission/{talk.code}", rooms[1].capacity)


def test_seating_needs_a_talk_of_the_published_programme(conference, make_talk, organiser, released):
    unreleased = make_talk("Not placed")

    with pytest.raises(ValidationError, match="published programme"):
        seating_configure(submission=unreleased, rsvp_required=True, capacity=10, by=organiser)
    assert not SessionSeating.objects.exists()


def test_reservations_fill_the_seats_then_the_waiting_line(seating, people):
    statuses = [reservation_create(seating=seating, user=person).status for person in people[:3]]

    assert statuses == ["confirmed", "confirmed", "waiting"]
    assert _counts(seating) == (2, 1)
    types = list(OutboxEvent.objects.filter(subject__startswith="reservation/").values_list("type", flat=True))
    assert types == ["summit.schedule.rsvp.created.v1"] * 2 + ["summit.schedule.waitlist.joined.v1"]


def test_cancelling_a_seat_promotes_the_first_in_line_with_an_email_and_invite(
    seating, people, django_capture_on_commit_callbacks
):
    first = reservation_create(seating=seating, user=people[0])
    reservation_create(seating=seating, user=people[1])
    waiting = reservation_create(seating=seating, user=people[2])
    reservation_create(seating=seating, user=people[3])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = reservation_cancel(reservation=first, by=people[0])

    assert promoted.pk == waiting.pk
    waiting.refresh_from_db()
    assert (waiting.status, waiting.promoted_at is not None, waiting.sequence) == ("confirmed", True, 1)
    assert _counts(seating) == (2, 1)
    event = OutboxEvent.objects.filter(type="summit.schedule.waitlist.promoted.v1").get()
    assert (event.subject, event.data["user_id"]) == (waiting.subject, people[2].pk)
    to = {tuple(message.to): message for message in mail.outbox}
    assert set(to) == {(people[0].email,), (people[2].email,)}
    promoted_mail = to[(people[2].email,)]
    assert "A seat came free" in promoted_mail.subject
    name, ics, mime = promoted_mail.attachments[0]
    assert (name, mime) == ("invite.ics", "text/calendar; method=REQUEST")
    assert f"rsvp-{waiting.code}@summit" in str(ics)
    assert "method=CANCEL" in to[(people[0].email,)].attachments[0][2]


def test_leaving_the_waiting_line_frees_no_seat(seating, people):
    reservation_create(seating=seating, user=people[0])
    reservation_create(seating=seating, user=people[1])
    waiting = reservation_create(seating=seating, user=people[2])

    assert reservation_cancel(reservation=waiting, by=people[2]) is None
    assert _counts(seating) == (2, 0)


def test_raising_the_capacity_promotes_the_line(seating, people, talk, organiser):
    for person in people[:4]:
        reservation_create(seating=seating, user=person)

    seating_configure(submission=talk, rsvp_required=True, capacity=3, by=organiser)

    assert _counts(seating) == (3, 1)
    assert Reservation.objects.get(user=people[2]).status == "confirmed"


def test_capacity_cannot_drop_below_the_seats_taken(seating, people, talk, organiser):
    reservation_create(seating=seating, user=people[0])
    reservation_create(seating=seating, user=people[1])

    with pytest.raises(ValidationError) as error:
        seating_configure(submission=talk, rsvp_required=True, capacity=1, by=organiser)

    assert "capacity" in error.value.message_dict
    seating.refresh_from_db()
    assert seating.capacity == 2


def test_rsvp_to_a_session_without_rsvp_is_refused(seating, people, talk, organiser):
    seating_configure(submission=talk, rsvp_required=False, by=organiser)

    with pytest.raises(ValidationError, match="takes no reservations"):
        reservation_create(seating=seating, user=people[0])
    assert not Reservation.objects.exists()


def test_rsvp_twice_is_refused(seating, people):
    reservation_create(seating=seating, user=people[0])

    with pytest.raises(ValidationError, match="already have a place"):
        reservation_create(seating=seating, user=people[0])
    assert Reservation.objects.count() == 1
    assert _counts(seating) == (1, 0)


def test_rsvp_after_the_start_is_refused(seating, people):
    with pytest.raises(ValidationError, match="already started"):
        reservation_create(seating=seating, user=people[0], now=seating.starts_at + dt.timedelta(minutes=1))
    assert not Reservation.objects.exists()


def test_two_overlapping_places_are_refused(seating, people, other_talk, organiser):
    # other_talk runs at the same time in another room.
    other = seating_configure(submission=other_talk, rsvp_required=True, capacity=5, by=organiser)
    reservation_create(seating=seating, user=people[0])

    with pytest.raises(ValidationError, match="Exactly-once in practice"):
        reservation_create(seating=other, user=people[0])
    assert Reservation.objects.filter(user=people[0]).count() == 1


def test_checkin_is_recorded_once(seating, people, organiser):
    reservation = reservation_create(seating=seating, user=people[0])

    _found, first = checkin_record(reservation=reservation, by=organiser)
    again, second = checkin_record(reservation=reservation, by=organiser)

    assert (first, second) == (True, False)
    assert again.checked_in_at is not None
    assert OutboxEvent.objects.filter(type="summit.schedule.checkin.recorded.v1").count() == 1


def test_checkin_of_a_waiting_person_is_refused(seating, people, organiser):
    reservation_create(seating=seating, user=people[0])
    reservation_create(seating=seating, user=people[1])
    waiting = reservation_create(seating=seating, user=people[2])

    with pytest.raises(ValidationError, match="holding a seat"):
        checkin_record(reservation=waiting, by=organiser)
    waiting.refresh_from_db()
    assert waiting.checked_in_at is None


def test_a_release_that_moves_a_talk_sends_one_digest_per_person(
    seating, people, talk, other_talk, rooms, organiser, at, conference, django_capture_on_commit_callbacks
):
    reservation_create(seating=seating, user=people[0])
    Favourite.objects.create(user=people[0], submission=other_talk)  # both talks change: one mail
    Favourite.objects.create(user=people[1], submission=talk)
    UserFactory(email="bystander@summit.test")
    slot_move(slot=ScheduleSlot.objects.get(submission=talk), room=rooms[2], starts_at=at(1, "11:30"), by=organiser)
    other_slot = ScheduleSlot.objects.get(submission=other_talk)
    slot_move(slot=other_slot, room=rooms[1], starts_at=at(1, "14:00"), by=organiser)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        release = release_publish(conference=conference, version="v2", by=organiser)

    notices = {notice.user_id: notice for notice in ChangeNotice.objects.filter(release=release)}
    assert set(notices) == {people[0].pk, people[1].pk}
    assert notices[people[0].pk].codes == sorted([talk.code, other_talk.code])
    assert all(notice.sent_at is not None for notice in notices.values())
    attendee_mails = [m for m in mail.outbox if m.to[0] in {people[0].email, people[1].email}]
    assert sorted(m.to[0] for m in attendee_mails) == [people[0].email, people[1].email]
    digest = next(m for m in attendee_mails if m.to[0] == people[0].email)
    assert "2 of your talks changed" in digest.subject
    assert "Yosemite" in digest.body and "Golden Gate" in digest.body
    queued = OutboxEvent.objects.filter(type="summit.schedule.change_notices.queued.v1").get()
    assert queued.data["people"] == 2
    assert OutboxEvent.objects.filter(type="summit.schedule.change_notice.sent.v1").count() == 2
    seating.refresh_from_db()
    assert seating.starts_at == at(1, "11:30")


def test_a_notice_is_sent_once_even_if_its_task_runs_again(
    seating, people, talk, rooms, organiser, at, conference, django_capture_on_commit_callbacks
):
    Favourite.objects.create(user=people[1], submission=talk)
    slot_move(slot=ScheduleSlot.objects.get(submission=talk), room=rooms[2], starts_at=at(1, "11:30"), by=organiser)
    with django_capture_on_commit_callbacks(execute=True):
        release_publish(conference=conference, version="v2", by=organiser)
    mail.outbox.clear()

    send_change_notice.apply(args=[ChangeNotice.objects.get().pk])

    assert mail.outbox == []


def test_a_release_that_drops_a_talk_closes_its_reservations(seating, people, talk, organiser, conference):
    ScheduleSlot.objects.filter(submission=talk).delete()

    release_publish(conference=conference, version="v2", by=organiser)

    seating.refresh_from_db()
    assert seating.in_programme is False
    with pytest.raises(ValidationError, match="takes no reservations"):
        reservation_create(seating=seating, user=people[0])


def test_reservation_mail_skips_a_reservation_that_is_gone(seating, people):
    mail.outbox.clear()

    send_reservation_update.apply(args=[999999])

    assert mail.outbox == []
