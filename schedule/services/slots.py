"""Placing talks and blocks in the draft programme. Conflicts are warnings returned to the caller:
the organiser decides; impossible input (another conference's room, a talk not accepted) is refused."""

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cfp.models import Submission
from conference.models import Conference, Room
from events.services import emit
from schedule import selectors
from schedule.conflicts import Conflict
from schedule.models import ScheduleSlot

Kind = ScheduleSlot.Kind
BLOCK_KINDS = (Kind.BREAK, Kind.LUNCH, Kind.SOCIAL, Kind.OTHER, Kind.KEYNOTE)


def slot_event_data(slot: ScheduleSlot) -> dict[str, Any]:
    return {
        "id": slot.pk,
        "guid": str(slot.guid),
        "conference": slot.conference.slug,
        "kind": slot.kind,
        "room": slot.room.name if slot.room else None,
        "starts_at": slot.starts_at,
        "ends_at": slot.ends_at,
        "submission": slot.submission.code if slot.submission else None,
        "title": str(slot),
    }


def _emit(slot: ScheduleSlot, happened: str, by, extra: dict[str, Any] | None = None) -> None:
    emit(
        f"summit.schedule.slot.{happened}.v1",
        subject=slot.subject,
        data=slot_event_data(slot) | (extra or {}),
        conference_slug=slot.conference.slug,
        actor=by,
    )


def _check_place(conference: Conference, room: Room | None, starts_at: datetime, ends_at: datetime) -> None:
    errors = {}
    if room is not None and room.conference_id != conference.pk:
        errors["room"] = _("Choose one of this conference's rooms.")
    if ends_at <= starts_at:
        errors["ends_at"] = _("The slot must end after it starts.")
    local_start = starts_at.astimezone(conference.tzinfo).date()
    local_end = (ends_at - timedelta(seconds=1)).astimezone(conference.tzinfo).date()
    if not (conference.start_date <= local_start <= conference.end_date) or local_end != local_start:
        errors["starts_at"] = _("The slot must start and end on the same day, between %(first)s and %(last)s.") % {
            "first": conference.start_date,
            "last": conference.end_date,
        }
    if errors:
        raise ValidationError(errors)


def _conflicts_for(slot: ScheduleSlot) -> list[Conflict]:
    # Only the slots at the same time can clash with it: placing the 1,000th talk costs what the first did.
    slots = selectors.slots_for_editor(slot.conference, overlapping=slot)
    return selectors.conflicts_of(slot.conference, slots).get(slot.pk, [])


@transaction.atomic
def slot_place_talk(
    *,
    conference: Conference,
    submission: Submission,
    room: Room | None,
    starts_at: datetime,
    ends_at: datetime | None = None,
    by,
) -> tuple[ScheduleSlot, list[Conflict]]:
    """Puts an accepted talk in a room (or, for a keynote, across all rooms). Returns its warnings."""
    submission = Submission.objects.select_for_update().select_related("submission_type").get(pk=submission.pk)
    if submission.conference_id != conference.pk or submission.state not in selectors.SCHEDULABLE_STATES:
        raise ValidationError({"submission": _("Only this conference's accepted or confirmed talks can be scheduled.")})
    if ScheduleSlot.objects.filter(submission=submission).exists():
        raise ValidationError({"submission": _("This talk is already in the schedule: move it instead.")})
    ends_at = ends_at or starts_at + timedelta(minutes=submission.submission_type.duration_minutes)
    _check_place(conference, room, starts_at, ends_at)
    is_keynote = room is None or submission.submission_type.name.lower() == "keynote"
    slot = ScheduleSlot(
        conference=conference,
        submission=submission,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        kind=Kind.KEYNOTE if is_keynote else Kind.TALK,
    )
    slot.full_clean()
    slot.save()
    _emit(slot, "created", by)
    return slot, _conflicts_for(slot)


@transaction.atomic
def slot_create_block(
    *, conference: Conference, kind: str, title: str, room: Room | None, starts_at: datetime, ends_at: datetime, by
) -> tuple[ScheduleSlot, list[Conflict]]:
    """A break, lunch, party or other block; without a room it is for everyone, across all rooms."""
    if kind not in BLOCK_KINDS:
        raise ValidationError({"kind": _("Choose a kind of block.")})
    if not title.strip():
        raise ValidationError({"title": _("Give the block a title, such as “Lunch”.")})
    _check_place(conference, room, starts_at, ends_at)
    slot = ScheduleSlot(
        conference=conference, kind=kind, title=title.strip(), room=room, starts_at=starts_at, ends_at=ends_at
    )
    slot.full_clean()
    slot.save()
    _emit(slot, "created", by)
    return slot, _conflicts_for(slot)


@transaction.atomic
def slot_move(
    *, slot: ScheduleSlot, room: Room | None, starts_at: datetime, ends_at: datetime | None = None, by
) -> tuple[ScheduleSlot, list[Conflict]]:
    """Moves a slot, keeping its length unless a new end is given."""
    slot = (
        ScheduleSlot.objects.select_for_update(of=("self",))
        .select_related("conference", "room", "submission")
        .get(pk=slot.pk)
    )
    ends_at = ends_at or starts_at + (slot.ends_at - slot.starts_at)
    if room is None and slot.kind == Kind.TALK:
        raise ValidationError({"room": _("A talk needs a room; only keynotes and breaks span all rooms.")})
    _check_place(slot.conference, room, starts_at, ends_at)
    before = {"room": slot.room.name if slot.room else None, "starts_at": slot.starts_at, "ends_at": slot.ends_at}
    slot.room, slot.starts_at, slot.ends_at = room, starts_at, ends_at
    slot.full_clean()
    slot.save(update_fields=["room", "starts_at", "ends_at", "updated_at"])
    _emit(slot, "moved", by, {"previous": before})
    return slot, _conflicts_for(slot)


@transaction.atomic
def slot_remove(*, slot: ScheduleSlot, by) -> None:
    """Takes a slot off the draft; a talk goes back to the unscheduled list."""
    slot = ScheduleSlot.objects.select_related("conference", "room", "submission").get(pk=slot.pk)
    _emit(slot, "removed", by)
    slot.delete()
