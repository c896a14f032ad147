"""Seats at sessions that need an RSVP: organisers switch it on, attendees reserve or join the waiting
line, a cancellation promotes the first in line in the same transaction, organisers check people in.

No double booking under load: every reservation locks the person's user row (their own reservations
are checked one at a time, so two overlapping ones cannot both pass) and then the session's seating
row (`SELECT … FOR UPDATE`); a seat is taken by a conditional UPDATE, and the database refuses more
seats taken than offered and two active places of one person in one session."""

import datetime as dt
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cfp.models import Submission
from common.queueing import enqueue_on_commit
from events.services import emit
from schedule import selectors
from schedule.models import Reservation, SessionSeating
from schedule.tasks import send_reservation_update

ACTIVE = (Reservation.Status.CONFIRMED, Reservation.Status.WAITING)


def _seating_data(seating: SessionSeating) -> dict[str, Any]:
    return {
        "conference": seating.conference.slug,
        "submission": seating.submission.code,
        "rsvp_required": seating.rsvp_required,
        "capacity": seating.capacity,
        "seats_taken": seating.seats_taken,
        "waiting": seating.waiting,
        "starts_at": seating.starts_at,
        "ends_at": seating.ends_at,
    }


def _reservation_data(reservation: Reservation) -> dict[str, Any]:
    seating = reservation.seating
    return {
        "code": reservation.code,
        "conference": seating.conference.slug,
        "submission": seating.submission.code,
        "user_id": reservation.user_id,
        "status": reservation.status,
        "seats_taken": seating.seats_taken,
        "capacity": seating.capacity,
        "waiting": seating.waiting,
    }


def _emit(reservation: Reservation, event: str, by) -> None:
    emit(
        f"summit.schedule.{event}.v1",
        subject=reservation.subject,
        data=_reservation_data(reservation),
        conference_slug=reservation.seating.conference.slug,
        actor=by,
    )


def _released_slot(conference, code: str) -> dict | None:
    release = selectors.latest_release(conference)
    if release is None:
        return None
    return next((slot for slot in release.snapshot["slots"] if slot["code"] == code), None)


def _room_capacity(conference, slot: dict) -> int | None:
    room = conference.rooms.filter(pk=slot["room"]).first() if slot["room"] else None
    return room.capacity if room else None


@transaction.atomic
def seating_configure(
    *, submission: Submission, rsvp_required: bool, capacity: int | None = None, by
) -> SessionSeating:
    """Switches RSVP on or off for a talk of the latest release; the capacity defaults to its room's.
    Raising the capacity promotes people from the waiting line at once."""
    conference = submission.conference
    slot = _released_slot(conference, submission.code)
    if slot is None:
        raise ValidationError(_("Only a talk in the published programme can take reservations."))
    seating = SessionSeating.objects.select_for_update().filter(submission=submission).first()
    capacity = capacity or (seating.capacity if seating else _room_capacity(conference, slot))
    if not capacity or capacity < 1:
        raise ValidationError({"capacity": _("Give the number of seats.")})
    if seating is None:
        seating = SessionSeating(conference=conference, submission=submission, seats_taken=0, waiting=0)
    elif capacity < seating.seats_taken:
        raise ValidationError(
            {
                "capacity": _("%(n)d people already hold a seat: the capacity cannot be lower.")
                % {"n": seating.seats_taken}
            }
        )
    seating.capacity = capacity
    seating.rsvp_required = rsvp_required
    seating.starts_at = dt.datetime.fromisoformat(slot["starts_at"])
    seating.ends_at = dt.datetime.fromisoformat(slot["ends_at"])
    seating.in_programme = True
    seating.save()
    emit(
        "summit.schedule.seating.configured.v1",
        subject=submission.subject,
        data=_seating_data(seating),
        conference_slug=conference.slug,
        actor=by,
    )
    while seating.seats_taken < seating.capacity and _promote_first(seating, by=by):
        pass
    return seating


def _lock_user(user) -> None:
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


def _lock_seating(seating_id: int) -> SessionSeating:
    return (
        SessionSeating.objects.select_for_update(of=("self",))
        .select_related("conference", "submission")
        .get(pk=seating_id)
    )


def _local(value: datetime, conference) -> str:
    return date_format(value.astimezone(conference.tzinfo), "DATETIME_FORMAT")


def _check_reservable(seating: SessionSeating, user, now: datetime) -> None:
    if not seating.rsvp_required or not seating.in_programme:
        raise ValidationError(_("This session takes no reservations: just come along."), code="no_rsvp")
    if seating.starts_at <= now:
        raise ValidationError(_("This session has already started."), code="started")
    mine = Reservation.objects.filter(user=user, status__in=ACTIVE)
    if mine.filter(seating=seating).exists():
        raise ValidationError(_("You already have a place at this session."), code="already_reserved")
    clash = (
        mine.filter(seating__starts_at__lt=seating.ends_at, seating__ends_at__gt=seating.starts_at)
        .select_related("seating__submission")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            _("You already have a place at “%(title)s” at that time (%(when)s). Cancel it first.")
            % {"title": clash.seating.submission.title, "when": _local(clash.seating.starts_at, seating.conference)},
            code="overlap",
        )


@transaction.atomic
def reservation_create(*, seating: SessionSeating, user, now: datetime | None = None) -> Reservation:
    """A seat if one is left, else the next place in the waiting line."""
    now = now or timezone.now()
    _lock_user(user)
    seating = _lock_seating(seating.pk)
    _check_reservable(seating, user, now)
    took_seat = SessionSeating.objects.filter(pk=seating.pk, seats_taken__lt=F("capacity")).update(
        seats_taken=F("seats_taken") + 1
    )
    if took_seat:
        seating.seats_taken += 1
        status = Reservation.Status.CONFIRMED
    else:
        SessionSeating.objects.filter(pk=seating.pk).update(waiting=F("waiting") + 1)
        seating.waiting += 1
        status = Reservation.Status.WAITING
    reservation = Reservation.objects.create(seating=seating, user=user, status=status)
    _emit(reservation, "rsvp.created" if took_seat else "waitlist.joined", user)
    if took_seat:
        enqueue_on_commit(send_reservation_update, reservation.pk)
    return reservation


def _promote_first(seating: SessionSeating, *, by, now: datetime | None = None) -> Reservation | None:
    """The first in line takes the free seat (the caller holds the seating's lock)."""
    first = (
        Reservation.objects.select_for_update()
        .filter(seating=seating, status=Reservation.Status.WAITING)
        .order_by("created_at", "id")
        .first()
    )
    if first is None:
        return None
    first.seating = seating
    first.status = Reservation.Status.CONFIRMED
    first.promoted_at = now or timezone.now()
    first.sequence += 1
    first.save(update_fields=["status", "promoted_at", "sequence"])
    SessionSeating.objects.filter(pk=seating.pk).update(seats_taken=F("seats_taken") + 1, waiting=F("waiting") - 1)
    seating.seats_taken += 1
    seating.waiting -= 1
    _emit(first, "waitlist.promoted", by)
    enqueue_on_commit(send_reservation_update, first.pk)
    return first


@transaction.atomic
def reservation_cancel(*, reservation: Reservation, by, now: datetime | None = None) -> Reservation | None:
    """Gives the seat (or the place in line) back; a freed seat goes to the first in line at once.
    Returns the reservation promoted, if any."""
    now = now or timezone.now()
    seating = _lock_seating(reservation.seating_id)
    reservation = Reservation.objects.select_for_update().get(pk=reservation.pk)
    reservation.seating = seating
    if reservation.status == Reservation.Status.CANCELLED:
        raise ValidationError(_("This reservation is already cancelled."), code="already_cancelled")
    if seating.starts_at <= now:
        raise ValidationError(_("This session has already started."), code="started")
    held_seat = reservation.status == Reservation.Status.CONFIRMED
    reservation.status = Reservation.Status.CANCELLED
    reservation.cancelled_at = now
    reservation.sequence += 1
    reservation.save(update_fields=["status", "cancelled_at", "sequence"])
    counter = "seats_taken" if held_seat else "waiting"
    SessionSeating.objects.filter(pk=seating.pk).update(**{counter: F(counter) - 1})
    setattr(seating, counter, getattr(seating, counter) - 1)
    _emit(reservation, "rsvp.cancelled", by)
    if held_seat:
        enqueue_on_commit(send_reservation_update, reservation.pk)
        return _promote_first(seating, by=by, now=now)
    return None


@transaction.atomic
def checkin_record(*, reservation: Reservation, by, now: datetime | None = None) -> tuple[Reservation, bool]:
    """Marks a seat holder as arrived; a second tap changes nothing. Returns (reservation, new)."""
    reservation = (
        Reservation.objects.select_for_update(of=("self",))
        .select_related("seating__conference", "seating__submission", "user")
        .get(pk=reservation.pk)
    )
    if reservation.status != Reservation.Status.CONFIRMED:
        raise ValidationError(_("Only a person holding a seat can be checked in."), code="no_seat")
    if reservation.checked_in_at is not None:
        return reservation, False
    reservation.checked_in_at = now or timezone.now()
    reservation.save(update_fields=["checked_in_at"])
    _emit(reservation, "checkin.recorded", by)
    return reservation, True
