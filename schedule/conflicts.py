"""Conflict warnings of a draft programme. Pure functions over rows the selectors already loaded, so
the editor, the services and the API agree on one list without extra queries."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Conflict:
    slot_id: int
    kind: str  # room | speaker | duration | unavailable | state
    message: str


def _overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    return a_start < b_end and b_start < a_end


def _speakers(slot) -> list:
    if slot.submission_id is None:
        return []
    return [link.user for link in slot.submission.speaker_links.all()]


def find_conflicts(slots, unavailabilities) -> dict[int, list[Conflict]]:
    """Every warning per slot id. `slots` come with room, submission type and speakers loaded."""
    found: dict[int, list[Conflict]] = defaultdict(list)
    ordered = sorted(slots, key=lambda slot: slot.starts_at)
    for index, slot in enumerate(ordered):
        for other in ordered[index + 1 :]:
            if other.starts_at >= slot.ends_at:
                break
            if not _overlaps(slot.starts_at, slot.ends_at, other.starts_at, other.ends_at):
                continue
            # A block across all rooms shares every room; two all-rooms blocks clash too.
            if slot.room_id is None or other.room_id is None or slot.room_id == other.room_id:
                for a, b in ((slot, other), (other, slot)):
                    if a.room_id is not None and a.room_id == b.room_id:
                        message = _("%(room)s is double-booked with “%(other)s”.") % {"room": a.room.name, "other": b}
                    else:
                        message = _("Overlaps “%(other)s”, and one of the two takes all rooms.") % {"other": b}
                    found[a.pk].append(Conflict(a.pk, "room", message))
            shared = {user.pk: user for user in _speakers(slot)}.keys() & {user.pk for user in _speakers(other)}
            for user in _speakers(slot):
                if user.pk in shared:
                    for a, b in ((slot, other), (other, slot)):
                        found[a.pk].append(
                            Conflict(
                                a.pk,
                                "speaker",
                                _("%(speaker)s is also speaking in “%(other)s”.") % {"speaker": user, "other": str(b)},
                            )
                        )
    by_user = defaultdict(list)
    for unavailable in unavailabilities:
        by_user[unavailable.user_id].append(unavailable)
    for slot in ordered:
        if slot.submission_id is not None and slot.submission.state not in ("accepted", "confirmed"):
            found[slot.pk].append(
                Conflict(
                    slot.pk,
                    "state",
                    _("The talk is %(state)s: it will not be published.")
                    % {"state": slot.submission.get_state_display().lower()},
                )
            )
        if slot.submission_id is not None:
            needed = slot.submission.submission_type.duration_minutes
            if slot.duration_minutes < needed:
                found[slot.pk].append(
                    Conflict(
                        slot.pk,
                        "duration",
                        _("The talk needs %(needed)s minutes; the slot has %(has)s.")
                        % {"needed": needed, "has": slot.duration_minutes},
                    )
                )
        for user in _speakers(slot):
            for unavailable in by_user.get(user.pk, []):
                if _overlaps(slot.starts_at, slot.ends_at, unavailable.starts_at, unavailable.ends_at):
                    found[slot.pk].append(
                        Conflict(
                            slot.pk, "unavailable", _("%(speaker)s said they are unavailable then.") % {"speaker": user}
                        )
                    )
    return dict(found)
