"""Event payloads and after-commit notifications shared by the slot and booking services."""

from typing import Any

from django.db import transaction

from common.queueing import enqueue_on_commit
from events.services import emit
from office_hours import tasks
from office_hours.models import Booking, Slot


def slot_data(slot: Slot) -> dict[str, Any]:
    return {
        "code": slot.code,
        "conference": slot.conference.slug,
        "mentor_id": slot.mentor_id,
        "kind": slot.kind,
        "starts_at": slot.starts_at,
        "ends_at": slot.ends_at,
        "capacity": slot.capacity,
        "seats_taken": slot.seats_taken,
        "series": slot.series,
        "state": slot.state,
    }


def booking_data(booking: Booking) -> dict[str, Any]:
    return {
        "code": booking.code,
        "conference": booking.conference.slug,
        "slot": booking.slot.code,
        "mentor_id": booking.slot.mentor_id,
        "speaker_id": booking.speaker_id,
        "kind": booking.slot.kind,
        "starts_at": booking.starts_at,
        "ends_at": booking.ends_at,
        "status": booking.status,
        "shared_submission": booking.shared_submission.code if booking.shared_submission else None,
    }


def emit_slot(slot: Slot, happened: str, by) -> None:
    emit(
        f"summit.office_hours.slot.{happened}.v1",
        subject=slot.subject,
        data=slot_data(slot),
        conference_slug=slot.conference.slug,
        actor=by,
    )


def emit_booking(booking: Booking, happened: str, by, extra: dict[str, Any] | None = None) -> None:
    emit(
        f"summit.office_hours.booking.{happened}.v1",
        subject=booking.subject,
        data=booking_data(booking) | (extra or {}),
        conference_slug=booking.conference.slug,
        actor=by,
    )


def after_commit_invite(booking: Booking) -> None:
    booking_id = booking.pk
    enqueue_on_commit(tasks.send_booking_invite, booking_id)


def after_commit_cancel(booking: Booking) -> None:
    booking_id = booking.pk
    enqueue_on_commit(tasks.send_booking_cancelled, booking_id)


def after_commit_chat(conference_id: int, text: str) -> None:
    transaction.on_commit(lambda: tasks.queue_chat_message(conference_id, text))
