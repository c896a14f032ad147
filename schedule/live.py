"""The programme at one moment: what runs now and next in each room, and what the release changed for
a room. Pure Python over a release's Programme (no queries), so the live pages cost what rendering
costs, once per minute and release."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from schedule.programme import Item, Programme, room_slug

BEFORE, DURING, AFTER = "before", "during", "after"


def minute_of(moment: dt.datetime) -> dt.datetime:
    """The live pages change once a minute: everything within a minute shares one rendering."""
    return moment.replace(second=0, microsecond=0)


@dataclass
class RoomNow:
    room: dict
    current: Item | None
    next: Item | None

    @property
    def slug(self) -> str:
        return room_slug(self.room)


@dataclass
class Notice:
    """A change of the latest release that people at this room's door should know about."""

    text: str
    kind: str  # "moved-here", "moved-away", "rescheduled", "cancelled"


@dataclass
class Board:
    moment: dt.datetime
    phase: str
    first_day: dt.date
    last_day: dt.date
    rooms: list[RoomNow] = field(default_factory=list)


def _in_room(item: Item, room: dict) -> bool:
    # A block for everyone (a keynote across all rooms, lunch) runs in every room.
    return item.room is None or item.room["id"] == room["id"]


def room_now(programme: Programme, room: dict, moment: dt.datetime) -> RoomNow:
    current = next_item = None
    for item in programme.items:  # sorted by start
        if not _in_room(item, room):
            continue
        if item.starts_at <= moment < item.ends_at:
            # Of two overlapping slots, the one that started last is the one on stage.
            current = item
        elif item.starts_at > moment and next_item is None:
            next_item = item
    return RoomNow(room=room, current=current, next=next_item)


def board(programme: Programme, moment: dt.datetime) -> Board:
    moment = moment.astimezone(programme.tz)
    if programme.days:
        first_day, last_day = programme.days[0].date, programme.days[-1].date
        starts, ends = programme.days[0].starts_at, programme.days[-1].ends_at
    else:
        first_day, last_day = programme.start_date, programme.end_date
        starts = dt.datetime.combine(first_day, dt.time.min, tzinfo=programme.tz)
        ends = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min, tzinfo=programme.tz)
    phase = BEFORE if moment < starts else AFTER if moment >= ends else DURING
    rooms = [room_now(programme, room, moment) for room in programme.rooms] if phase == DURING else []
    return Board(moment=moment, phase=phase, first_day=first_day, last_day=last_day, rooms=rooms)


def _clock(value: str, programme: Programme) -> str:
    return dt.datetime.fromisoformat(value).astimezone(programme.tz).strftime("%H:%M")


def _still_relevant(where: dict, moment: dt.datetime) -> bool:
    """A change is shown on the day of the talk until it has ended."""
    ends = dt.datetime.fromisoformat(where["ends_at"]).astimezone(moment.tzinfo)
    return ends > moment and ends.date() == moment.date()


def moved_here(programme: Programme, room: dict) -> dict[str, str]:
    """Talk code → the room it was in before the latest release, for talks that moved into `room`."""
    return {
        entry["code"]: entry["from"]["room"] or _("all rooms")
        for entry in programme.changelog.get("moved", [])
        if entry["to"]["room"] == room["name"] and entry["from"]["room"] != room["name"]
    }


def room_notices(programme: Programme, room: dict, moment: dt.datetime) -> list[Notice]:
    """The latest release's changes at this door today: talks moved here, moved away, moved in time,
    cancelled. The changelog names rooms (unique in a conference), so they are compared by name."""
    moment = moment.astimezone(programme.tz)
    name = room["name"]
    notices = []
    for entry in programme.changelog.get("moved", []):
        before, after = entry["from"], entry["to"]
        values = {"title": entry["title"], "was": before["room"] or _("all rooms")}
        values |= {"room": after["room"] or _("all rooms"), "at": _clock(after["starts_at"], programme)}
        values["then"] = _clock(before["starts_at"], programme)
        if after["room"] == name and before["room"] != name and _still_relevant(after, moment):
            text = _("Moved here from %(was)s: “%(title)s” at %(at)s") % values
            notices.append(Notice(text=text, kind="moved-here"))
        elif before["room"] == name and after["room"] != name and _still_relevant(before, moment):
            text = _("“%(title)s” has moved to %(room)s, at %(at)s") % values
            notices.append(Notice(text=text, kind="moved-away"))
        elif before["room"] == after["room"] == name and _still_relevant(after, moment):
            text = _("“%(title)s” now starts at %(at)s (was %(then)s)") % values
            notices.append(Notice(text=text, kind="rescheduled"))
    for entry in programme.changelog.get("cancelled", []):
        before = entry["from"]
        if before["room"] == name and _still_relevant(before, moment):
            values = {"title": entry["title"], "then": _clock(before["starts_at"], programme)}
            notices.append(Notice(text=_("Cancelled: “%(title)s” (was at %(then)s)") % values, kind="cancelled"))
    return notices


def room_by_slug(programme: Programme, slug: str) -> dict | None:
    return next((room for room in programme.rooms if room_slug(room) == slug), None)
