"""Speakers book, cancel and reschedule seats; mentors mark attendance; speakers leave feedback.

No double booking under load: every booking locks the speaker's user row (their own bookings are
checked one at a time) and then the slot row (`SELECT … FOR UPDATE`), and takes the seat with a
conditional UPDATE. The database backs this with `seats_taken <= capacity`, one active booking per
speaker and slot, and (PostgreSQL) no overlapping active bookings per speaker."""

import datetime as dt
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cfp.models import Submission
from common.queueing import enqueue_on_commit
from events.services import emit
from office_hours import tasks, windows
from office_hours.models import Booking, Kind, Slot
from office_hours.services.common import (
    after_commit_cancel,
    after_commit_chat,
    after_commit_invite,
    booking_data,
    emit_booking,
)

SLOT_TAKEN = gettext_lazy("This slot was just taken. Please choose another one.")


def _lock_user(user) -> None:
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


def _lock_slots(*slot_ids: int) -> dict[int, Slot]:
    # Always in id order, so two reschedules crossing the same two slots cannot deadlock; only the slot
    # rows (`of=self`): locking the joined conference and mentor rows would serialise every booking.
    slots = Slot.objects.select_for_update(of=("self",)).filter(pk__in=slot_ids).order_by("pk")
    return {slot.pk: slot for slot in slots.select_related("conference", "mentor")}


def _active(speaker, exclude: Booking | None):
    found = Booking.objects.filter(speaker=speaker, status=Booking.Status.ACTIVE)
    return found.exclude(pk=exclude.pk) if exclude else found


def _check_bookable(slot: Slot, speaker, now: datetime, replacing: Booking | None = None) -> None:
    conference = slot.conference
    if slot.state == Slot.State.CANCELLED:
        raise ValidationError(_("The mentor cancelled this slot."), code="slot_cancelled")
    if slot.starts_at <= now:
        raise ValidationError(_("This slot has already started."), code="slot_past")
    if slot.mentor_id == speaker.pk:
        raise ValidationError(_("You cannot book your own slot."), code="own_slot")
    if not windows.is_open(conference, slot.kind, now):
        raise ValidationError(
            _("%(kind)s are not open for booking at the moment.") % {"kind": Kind(slot.kind).label},
            code="kind_closed",
        )
    if slot.kind == Kind.REHEARSAL and not windows.is_accepted_speaker(speaker, conference):
        raise ValidationError(_("Rehearsals are for speakers with an accepted talk."), code="not_accepted")
    if not windows.may_book_in_priority(slot, speaker, now):
        raise ValidationError(
            _("First-time speakers may book this slot first; it opens to everyone on %(when)s (%(tz)s).")
            % {
                "when": date_format(slot.open_to_all_at.astimezone(conference.tzinfo), "DATETIME_FORMAT"),
                "tz": conference.timezone,
            },
            code="not_open_yet",
        )
    if _active(speaker, replacing).filter(slot=slot).exists():
        raise ValidationError(_("You have already booked this slot."), code="already_booked")
    if slot.seats_taken >= slot.capacity:
        raise ValidationError(SLOT_TAKEN, code="slot_taken")
    limit = windows.settings_of(conference).max_active_bookings
    upcoming = _active(speaker, replacing).filter(conference=conference, ends_at__gt=now)
    if upcoming.count() >= limit:
        raise ValidationError(
            ngettext(
                "You already have %(n)s upcoming booking, the most allowed. Cancel it to book another.",
                "You already have %(n)s upcoming bookings, the most allowed. Cancel one to book another.",
                limit,
            )
            % {"n": limit},
            code="limit_reached",
        )
    clash = _active(speaker, replacing).filter(starts_at__lt=slot.ends_at, ends_at__gt=slot.starts_at).first()
    if clash is not None:
        raise ValidationError(
            _("You have another session at that time (%(when)s).")
            % {"when": date_format(clash.starts_at.astimezone(conference.tzinfo), "DATETIME_FORMAT")},
            code="speaker_overlap",
        )


def _check_shared(submission: Submission | None, slot: Slot, speaker) -> None:
    if submission is None:
        return
    own = submission.conference_id == slot.conference_id and submission.speaker_links.filter(user=speaker).exists()
    if not own:
        raise ValidationError({"shared_submission": _("Choose one of your own proposals to this conference.")})


def _take_seat(slot: Slot, speaker, note: str, shared_submission: Submission | None, now: datetime) -> Booking:
    if not Slot.objects.filter(pk=slot.pk, seats_taken__lt=F("capacity")).update(seats_taken=F("seats_taken") + 1):
        raise ValidationError(SLOT_TAKEN, code="slot_taken")
    slot.seats_taken += 1
    booking = Booking(
        conference=slot.conference,
        slot=slot,
        speaker=speaker,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        note=note,
        shared_submission=shared_submission,
    )
    booking.full_clean(exclude=["slot", "speaker", "conference", "shared_submission"], validate_constraints=False)
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError:
        # A constraint saw what the locked checks could not (say, a booking written by other code).
        raise ValidationError(_("You have another session at that time."), code="speaker_overlap") from None
    return booking


def _release_seat(booking: Booking, now: datetime) -> None:
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = now
    booking.sequence += 1
    booking.save(update_fields=["status", "cancelled_at", "sequence"])
    Slot.objects.filter(pk=booking.slot_id, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)


def _check_cutoff(booking: Booking, now: datetime) -> None:
    if not booking.is_active:
        raise ValidationError(_("This booking is already cancelled."), code="already_cancelled")
    hours = windows.settings_of(booking.conference).cancel_cutoff_hours
    if now > booking.starts_at - dt.timedelta(hours=hours):
        raise ValidationError(
            _("Bookings can be cancelled or moved up to %(hours)s hours before they start. Write to your mentor.")
            % {"hours": hours},
            code="cutoff_passed",
        )


@transaction.atomic
def booking_create(
    *, slot: Slot, speaker, note: str, shared_submission: Submission | None = None, now: datetime | None = None
) -> Booking:
    now = now or timezone.now()
    if not note.strip():
        raise ValidationError({"note": _("Tell the mentor in a few words what you want help with.")})
    _lock_user(speaker)
    slot = _lock_slots(slot.pk)[slot.pk]
    _check_bookable(slot, speaker, now)
    _check_shared(shared_submission, slot, speaker)
    booking = _take_seat(slot, speaker, note.strip(), shared_submission, now)
    emit_booking(booking, "created", speaker)
    after_commit_invite(booking)
    after_commit_chat(
        slot.conference_id,
        _("New %(kind)s booking with %(mentor)s on %(when)s (%(tz)s).")
        % {
            "kind": Kind(slot.kind).label.lower(),
            "mentor": slot.mentor.name or _("a mentor"),
            "when": slot.starts_at.astimezone(slot.conference.tzinfo).strftime("%Y-%m-%d %H:%M"),
            "tz": slot.conference.timezone,
        },
    )
    return booking


def _locked_booking(booking: Booking) -> Booking:
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("conference", "slot__mentor", "shared_submission")
        .get(pk=booking.pk)
    )


@transaction.atomic
def booking_cancel(*, booking: Booking, by, now: datetime | None = None) -> Booking:
    now = now or timezone.now()
    _lock_user(booking.speaker)
    booking = _locked_booking(booking)
    _check_cutoff(booking, now)
    _release_seat(booking, now)
    emit_booking(booking, "cancelled", by, {"reason": "speaker_cancelled"})
    after_commit_cancel(booking)
    return booking


@transaction.atomic
def booking_reschedule(*, booking: Booking, new_slot: Slot, by, now: datetime | None = None) -> Booking:
    """Moves the booking to another slot in one step: either the new seat is taken, or nothing changes."""
    now = now or timezone.now()
    _lock_user(booking.speaker)
    booking = _locked_booking(booking)
    _check_cutoff(booking, now)
    slots = _lock_slots(booking.slot_id, new_slot.pk)
    new_slot = slots[new_slot.pk]
    if new_slot.pk == booking.slot_id:
        raise ValidationError(_("That is the slot you already have."), code="same_slot")
    if new_slot.conference_id != booking.conference_id or new_slot.kind != booking.slot.kind:
        raise ValidationError(_("Choose another slot of the same kind at this conference."), code="wrong_slot")
    _check_bookable(new_slot, booking.speaker, now, replacing=booking)
    _release_seat(booking, now)
    moved = _take_seat(new_slot, booking.speaker, booking.note, booking.shared_submission, now)
    booking.rescheduled_to = moved
    booking.save(update_fields=["rescheduled_to"])
    emit_booking(moved, "rescheduled", by, {"previous_booking": booking.code, "previous_slot": booking.slot.code})
    after_commit_cancel(booking)
    after_commit_invite(moved)
    return moved


@transaction.atomic
def booking_mark_attendance(*, booking: Booking, attendance: str, by, now: datetime | None = None) -> Booking:
    now = now or timezone.now()
    booking = _locked_booking(booking)
    if attendance not in (Booking.Attendance.ATTENDED, Booking.Attendance.NO_SHOW):
        raise ValidationError({"attendance": _("Choose attended or no-show.")})
    if not booking.is_active:
        raise ValidationError(_("This booking was cancelled."))
    if now < booking.starts_at:
        raise ValidationError(_("Attendance can be marked once the session has started."))
    booking.attendance = attendance
    booking.attendance_marked_at = now
    booking.save(update_fields=["attendance", "attendance_marked_at"])
    emit_booking(booking, "attendance_marked", by, {"attendance": attendance})
    return booking


@transaction.atomic
def booking_give_feedback(
    *, booking: Booking, rating: int, comment: str = "", by, now: datetime | None = None
) -> Booking:
    now = now or timezone.now()
    booking = _locked_booking(booking)
    if not booking.is_active:
        raise ValidationError(_("This booking was cancelled."))
    if now < booking.ends_at:
        raise ValidationError(_("Feedback opens when the session is over."))
    if booking.feedback_at is not None:
        raise ValidationError(_("You have already left feedback for this session. Thank you!"))
    if not 1 <= int(rating) <= 5:
        raise ValidationError({"rating": _("Rate from 1 to 5.")})
    booking.feedback_rating = int(rating)
    booking.feedback_comment = comment.strip()
    booking.feedback_at = now
    booking.full_clean(exclude=["slot", "speaker", "conference", "shared_submission"], validate_constraints=False)
    booking.save(update_fields=["feedback_rating", "feedback_comment", "feedback_at"])
    emit_booking(booking, "feedback_given", by, {"rating": booking.feedback_rating})
    return booking


@transaction.atomic
def booking_set_recording(*, booking: Booking, recording_url: str, by, now: datetime | None = None) -> Booking:
    now = now or timezone.now()
    booking = _locked_booking(booking)
    if booking.slot.kind != Kind.REHEARSAL:
        raise ValidationError(_("Recordings belong to rehearsals."))
    if not booking.is_active or now < booking.starts_at:
        raise ValidationError(_("Add the recording once the rehearsal has taken place."))
    booking.recording_url = recording_url
    booking.full_clean(exclude=["slot", "speaker", "conference", "shared_submission"], validate_constraints=False)
    booking.save(update_fields=["recording_url"])
    emit_booking(booking, "recording_added", by)
    return booking


REMINDERS = {"24h": dt.timedelta(hours=24), "1h": dt.timedelta(hours=1)}


def reminder_due_ids(*, which: str, now: datetime) -> list[int]:
    """Active bookings whose `which` reminder is due and unsent: 24h covers (1 h, 24 h] ahead, 1h (0, 1 h]."""
    field = f"reminder_{which}_sent_at"
    earliest = now + REMINDERS["1h"] if which == "24h" else now
    return list(
        Booking.objects.filter(
            status=Booking.Status.ACTIVE,
            starts_at__gt=earliest,
            starts_at__lte=now + REMINDERS[which],
            **{f"{field}__isnull": True},
        ).values_list("pk", flat=True)
    )


@transaction.atomic
def booking_claim_reminder(*, booking_id: int, which: str, now: datetime | None = None) -> bool:
    """Marks the reminder sent, once: a second beat or a retried worker finds it claimed and does nothing."""
    now = now or timezone.now()
    field = f"reminder_{which}_sent_at"
    claimed = Booking.objects.filter(pk=booking_id, status=Booking.Status.ACTIVE, **{f"{field}__isnull": True}).update(
        **{field: now}
    )
    if not claimed:
        return False
    booking = Booking.objects.select_related("conference", "slot", "shared_submission").get(pk=booking_id)
    emit(
        "summit.office_hours.booking.reminder_sent.v1",
        subject=booking.subject,
        data=booking_data(booking) | {"reminder": which},
        conference_slug=booking.conference.slug,
    )
    enqueue_on_commit(tasks.send_booking_reminder, booking_id, which)
    return True
