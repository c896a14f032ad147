"""A release's snapshot read back as the structures pages, exports and PDFs walk: days, rooms,
talks by code, speakers by code. Pure Python over the JSON: no queries."""

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.utils.text import slugify


@dataclass
class Item:
    """One slot of the released programme."""

    id: int
    guid: str
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    room: dict | None
    title: str
    code: str
    abstract: str
    track: dict | None
    level: dict | None
    type: str
    language: str
    speakers: list[dict]

    @property
    def is_talk(self) -> bool:
        return bool(self.code)

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def room_name(self) -> str:
        return self.room["name"] if self.room else ""

    @property
    def search_text(self) -> str:
        names = " ".join(speaker["name"] for speaker in self.speakers)
        return f"{self.title} {names} {self.abstract}".lower()

    @property
    def slug(self) -> str:
        return slugify(self.title)[:50].strip("-") or self.kind


@dataclass
class Day:
    index: int
    date: dt.date
    items: list[Item] = field(default_factory=list)

    @property
    def starts_at(self) -> dt.datetime:
        return min(item.starts_at for item in self.items)

    @property
    def ends_at(self) -> dt.datetime:
        return max(item.ends_at for item in self.items)


class Programme:
    def __init__(self, snapshot: dict, *, release_id: int = 0, version: str = "", published_at=None, changelog=None):
        self.snapshot = snapshot
        # What changed since the previous release (schedule.snapshot.changelog): the room displays show it.
        self.changelog = changelog or {}
        self.release_id = release_id
        self.version = version
        self.published_at = published_at
        # Talks the release moved, by code (set by the page views from the release's changelog).
        self.moves: dict[str, dict] = {}
        self.conference = snapshot["conference"]
        self.tz = ZoneInfo(self.conference["timezone"])
        self.start_date = dt.date.fromisoformat(self.conference["start_date"])
        self.end_date = dt.date.fromisoformat(self.conference["end_date"])
        self.tracks = {track["slug"]: track for track in snapshot["tracks"]}
        self.levels = {level["slug"]: level for level in snapshot["levels"]}
        self.rooms = sorted(snapshot["rooms"], key=lambda room: (room["position"], room["name"]))
        rooms_by_id = {room["id"]: room for room in self.rooms}
        self.speakers = {speaker["code"]: speaker for speaker in snapshot["speakers"]}
        self.items = [
            Item(
                id=slot["id"],
                guid=slot["guid"],
                kind=slot["kind"],
                starts_at=dt.datetime.fromisoformat(slot["starts_at"]).astimezone(self.tz),
                ends_at=dt.datetime.fromisoformat(slot["ends_at"]).astimezone(self.tz),
                room=rooms_by_id.get(slot["room"]),
                title=slot["title"],
                code=slot["code"],
                abstract=slot["abstract"],
                track=self.tracks.get(slot["track"]),
                level=self.levels.get(slot["level"]),
                type=slot["type"],
                language=slot["language"],
                speakers=[self.speakers[code] for code in slot["speakers"] if code in self.speakers],
            )
            for slot in snapshot["slots"]
        ]
        self.items.sort(key=lambda item: (item.starts_at, item.room["position"] if item.room else -1, item.id))
        self.talks = {item.code: item for item in self.items if item.code}
        self.talks_of_speaker: dict[str, list[Item]] = {}
        for item in self.items:
            for speaker in item.speakers:
                self.talks_of_speaker.setdefault(speaker["code"], []).append(item)
        by_date: dict[dt.date, list[Item]] = {}
        for item in self.items:
            by_date.setdefault(item.starts_at.date(), []).append(item)
        self.days = [
            Day(index=index, date=date, items=items)
            for index, (date, items) in enumerate(sorted(by_date.items()), start=1)
        ]

    @property
    def types(self) -> list[str]:
        return sorted({item.type for item in self.items if item.type})

    def day(self, date: dt.date) -> Day | None:
        return next((day for day in self.days if day.date == date), None)


def room_slug(room: dict) -> str:
    """Rooms are filtered by a slug of their name (unique per conference), like tracks and levels
    by theirs: the URL reads `?room=golden-gate`, not a database id."""
    return slugify(room["name"])


@dataclass
class Filters:
    track: str = ""
    level: str = ""
    room: str = ""
    type: str = ""
    search: str = ""

    @property
    def active(self) -> bool:
        return any((self.track, self.level, self.room, self.type, self.search))

    @property
    def query(self) -> str:
        return urlencode(
            {
                name: value
                for name, value in (
                    ("q", self.search),
                    ("track", self.track),
                    ("level", self.level),
                    ("room", self.room),
                    ("type", self.type),
                )
                if value
            }
        )

    def cacheable(self, programme: "Programme") -> bool:
        """No search term, and every filter names something the release has: the only filtered
        pages worth keeping, and a bounded number of them."""
        return (
            not self.search
            and (not self.track or self.track in programme.tracks)
            and (not self.level or self.level in programme.levels)
            and (not self.room or any(room_slug(room) == self.room for room in programme.rooms))
            and (not self.type or any(slugify(kind) == self.type for kind in programme.types))
        )

    def keep(self, item: Item) -> bool:
        if not self.active:
            return True
        if not item.is_talk:
            # Breaks and the party stay in a filtered day only when no talk filter is set.
            return not (self.track or self.level or self.type or self.search) and (
                not self.room or item.room is None or room_slug(item.room) == self.room
            )
        if self.track and (item.track or {}).get("slug") != self.track:
            return False
        if self.level and (item.level or {}).get("slug") != self.level:
            return False
        # A keynote across all rooms is in every room.
        if self.room and item.room is not None and room_slug(item.room) != self.room:
            return False
        if self.type and slugify(item.type) != self.type:
            return False
        return not (self.search and self.search.lower() not in item.search_text)


@dataclass
class Cell:
    items: list[Item]
    rowspan: int = 1
    colspan: int = 1
    room: dict | None = None
    time: dt.datetime | None = None


def _room_id(item) -> int | None:
    return item.room["id"] if item.room else None


def grid(
    day: Day | None, rooms: list[dict], *, step_minutes: int = 10, items=None, room_of=_room_id, bounds=None
) -> list[tuple]:
    """Rows of (time, cells) for a rooms × time table; a slot spans the rows it lasts, a block for
    everyone spans all columns. Overlapping slots of one room share a cell rather than break the table."""
    items = day.items if items is None else items
    if not rooms or not (items or bounds):
        return []
    step = dt.timedelta(minutes=step_minutes)

    def floor(value: dt.datetime) -> dt.datetime:
        minutes = (value.hour * 60 + value.minute) // step_minutes * step_minutes
        return value.replace(hour=minutes // 60, minute=minutes % 60, second=0, microsecond=0)

    # `bounds` (the editor's working day) keeps empty cells to drop talks on before and after the slots.
    starts = [item.starts_at for item in items] + ([bounds[0]] if bounds else [])
    ends = [item.ends_at for item in items] + ([bounds[1]] if bounds else [])
    start, end = floor(min(starts)), max(ends)
    times = []
    moment = start
    while moment < end:
        times.append(moment)
        moment += step
    row_of = {moment: index for index, moment in enumerate(times)}
    columns = {room["id"]: index for index, room in enumerate(rooms)}
    # covered[row][column] -> the Cell that occupies it
    covered: list[list[Cell | None]] = [[None] * len(rooms) for _ in times]
    starts: dict[tuple[int, int], Cell] = {}
    for item in sorted(items, key=lambda i: (i.starts_at, room_of(i) is not None)):
        row = row_of[floor(item.starts_at)]
        span = max(1, -(-int((item.ends_at - times[row]).total_seconds()) // int(step.total_seconds())))
        span = min(span, len(times) - row)
        room_id = room_of(item)
        if room_id is not None and room_id not in columns:
            continue  # a room filtered out
        cols = list(range(len(rooms))) if room_id is None else [columns[room_id]]
        occupant = covered[row][cols[0]]
        if occupant is not None or any(covered[r][c] for r in range(row, row + span) for c in cols):
            # Double-booked: show it with what is already there, never hide it.
            (
                occupant or next(covered[r][c] for r in range(row, row + span) for c in cols if covered[r][c])
            ).items.append(item)
            continue
        cell = Cell(items=[item], rowspan=span, colspan=len(cols), room=None if room_id is None else rooms[cols[0]])
        starts[(row, cols[0])] = cell
        for r in range(row, row + span):
            for c in cols:
                covered[r][c] = cell
    rows = []
    for row, moment in enumerate(times):
        cells = []
        for column, room in enumerate(rooms):
            cell = covered[row][column]
            if cell is None:
                cells.append(Cell(items=[], room=room, time=moment))
            elif starts.get((row, column)) is cell:
                cells.append(cell)
        rows.append((moment, cells))
    return rows
