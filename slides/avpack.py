"""The AV team's pack: one ZIP per room and day holding each talk's latest final deck in running
order, named `HH∶MM – Speaker – Title.pdf` in the conference's time zone, with a README listing the
talks that have no final deck.

The ZIP is produced while it is sent: zipfile writes into a stream that cannot seek (so it uses data
descriptors instead of going back to patch headers), every write is handed on as a chunk, and each
deck is copied from storage in 1 MiB pieces. Memory stays at a few chunks whatever the decks weigh;
nothing is built in memory or on disk. Entries are stored, not deflated: PDFs barely compress.

The time in a name uses U+2236 RATIO (∶), which looks like a colon but is allowed on every file
system (Windows and macOS refuse or mangle ":" in names).
"""

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.text import slugify

from cfp.models import SubmissionSpeaker
from conference.models import Conference, Room
from schedule.models import ScheduleSlot
from slides.models import Kind, SlideVersion

CHUNK_BYTES = 1024 * 1024
NAME_BYTES = 200  # well under the 255-byte limit of common file systems
FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
RATIO = "\u2236"


@dataclass
class PackEntry:
    starts_at: dt.datetime  # in the conference's time zone
    title: str
    speakers: str
    code: str
    version: SlideVersion | None
    filename: str = ""


def sanitise(text: str) -> str:
    """Safe as part of a file name on Windows, macOS and Linux: no reserved characters, no control
    characters, single spaces, no leading or trailing dots."""
    cleaned = FORBIDDEN.sub(" ", text)
    return re.sub(r"\s+", " ", cleaned).strip(" .")


def _truncate(text: str, max_bytes: int) -> str:
    encoded = text.encode()
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max_bytes].decode(errors="ignore").rstrip(" .") + "…"


def entry_name(starts_at: dt.datetime, speakers: str, title: str) -> str:
    clock = starts_at.strftime(f"%H{RATIO}%M")
    speakers = _truncate(sanitise(speakers) or "—", 60)
    title = sanitise(title) or "Untitled"
    head = f"{clock} – {speakers} – "
    return head + _truncate(title, NAME_BYTES - len(head.encode()) - 4) + ".pdf"


def day_bounds(conference: Conference, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = conference.tzinfo
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    return start, dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


def pack_entries(conference: Conference, room: Room, day: dt.date) -> list[PackEntry]:
    """The room's talks that day in running order; a keynote across all rooms is in the plenary
    room's pack. Four queries whatever the number of talks."""
    start, end = day_bounds(conference, day)
    where = Q(room=room) | (Q(room__isnull=True) if room.is_plenary else Q(pk__in=[]))
    slots = list(
        ScheduleSlot.objects.filter(where, conference=conference, submission__isnull=False)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("submission")
        .prefetch_related(
            Prefetch("submission__speaker_links", queryset=SubmissionSpeaker.objects.select_related("user"))
        )
        .order_by("starts_at", "id")
    )
    finals: dict[int, SlideVersion] = {}
    for version in (
        SlideVersion.objects.filter(talk__submission__in=[slot.submission_id for slot in slots], kind=Kind.FINAL)
        .select_related("talk")
        .order_by("talk_id", "-number")
    ):
        finals.setdefault(version.talk.submission_id, version)
    entries = []
    used: set[str] = set()
    for slot in slots:
        submission = slot.submission
        speakers = ", ".join(link.user.name or link.user.email.split("@")[0] for link in submission.speaker_links.all())
        entry = PackEntry(
            starts_at=timezone.localtime(slot.starts_at, conference.tzinfo),
            title=submission.title,
            speakers=speakers,
            code=submission.code,
            version=finals.get(submission.pk),
        )
        if entry.version is not None:
            name = entry_name(entry.starts_at, speakers, submission.title)
            stem, number = name.removesuffix(".pdf"), 2
            while name in used:  # the same talk title twice at one time: keep both
                name, number = f"{stem} ({number}).pdf", number + 1
            used.add(name)
            entry.filename = name
        entries.append(entry)
    return entries


def readme(conference: Conference, room: Room, day: dt.date, entries: list[PackEntry]) -> str:
    missing = [entry for entry in entries if entry.version is None]
    tz = conference.tzinfo
    lines = [
        f"{conference.name} — {room.name} — {day.isoformat()}",
        f"Times in {conference.timezone}. Generated {timezone.localtime(timezone.now(), tz):%Y-%m-%d %H:%M}.",
        "",
        "Running order:",
    ]
    for entry in entries:
        held = (
            f"{entry.filename} (v{entry.version.number}, {entry.version.page_count} pages, "
            f"sha256 {entry.version.sha256})"
            if entry.version
            else "NO FINAL DECK"
        )
        lines.append(f"  {entry.starts_at:%H:%M}  [{entry.code}] {entry.title} — {entry.speakers or '—'}: {held}")
    lines += ["", f"Talks with no final deck ({len(missing)}):"]
    lines += [f"  {entry.starts_at:%H:%M}  [{entry.code}] {entry.title} — {entry.speakers or '—'}" for entry in missing]
    if not missing:
        lines.append("  none")
    return "\n".join(lines) + "\n"


class _Sink:
    """A write-only, non-seekable file object: what zipfile writes is collected until taken."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def write(self, data) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self.chunks = b"".join(self.chunks), []
        return data


def _info(name: str, moment: dt.datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=moment.timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    return info


def stream_pack(conference: Conference, room: Room, day: dt.date, entries: list[PackEntry]) -> Iterator[bytes]:
    """The ZIP as a sequence of chunks, each yielded as soon as zipfile has written it."""
    sink = _Sink()
    now = timezone.localtime(timezone.now(), conference.tzinfo)
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(_info("README.txt", now), readme(conference, room, day, entries).encode())
        yield sink.take()
        for entry in entries:
            if entry.version is None:
                continue
            info = _info(entry.filename, entry.version.uploaded_at.astimezone(conference.tzinfo))
            info.file_size = entry.version.size_bytes  # lets zipfile choose ZIP64 up front when needed
            storage, name = entry.version.file.storage, entry.version.file.name
            with storage.open(name, "rb") as source, archive.open(info, mode="w") as target:
                while chunk := source.read(CHUNK_BYTES):
                    target.write(chunk)
                    yield sink.take()
            yield sink.take()
    yield sink.take()


def pack_filename(conference: Conference, room: Room, day: dt.date) -> str:
    return f"{conference.slug}-{slugify(room.name) or room.pk}-{day.isoformat()}.zip"
