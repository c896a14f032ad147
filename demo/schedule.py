"""Schedule demo data: the 2019 programme of Kafka Summit San Francisco, released as v1.

Three days, six rooms: a keynote across all rooms each morning, coffee breaks, lunch, the party on
the first evening and about 120 talks; a few confirmed talks stay unscheduled for the editor."""

import datetime as dt

from cfp.models import Submission
from conference.models import Conference
from schedule.models import ScheduleRelease, ScheduleSlot
from schedule.services.attendees import unavailability_declare
from schedule.services.releases import release_publish
from schedule.services.slots import slot_create_block, slot_place_talk

DEMO_SLUG = "kafka-summit-sf-2019"
LEFT_UNSCHEDULED = 4
TALK_STARTS = [(10, 0), (10, 50), (11, 40), (13, 20), (14, 10), (15, 0), (16, 0), (16, 50)]
WORKSHOP_STARTS = [(10, 0), (13, 20), (14, 10)]
KEYNOTES = [
    "Opening keynote: Event streaming, the central nervous system",
    "Keynote: Kafka without ZooKeeper",
    "Keynote: Streams, tables and the road ahead",
]
BLOCKS = [
    (ScheduleSlot.Kind.BREAK, "Coffee break", (9, 45), (10, 0)),
    (ScheduleSlot.Kind.LUNCH, "Lunch", (12, 20), (13, 20)),
    (ScheduleSlot.Kind.BREAK, "Afternoon break", (15, 40), (16, 0)),
]


def _at(conference: Conference, day: dt.date, hour_minute: tuple[int, int]) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(*hour_minute), tzinfo=conference.tzinfo)


def _minutes_until_block(start: tuple[int, int]) -> int | None:
    """Minutes from a talk start to the next break or lunch that day (they take every room)."""
    begins = [block_start for _kind, _title, block_start, _end in BLOCKS if block_start > start]
    if not begins:
        return None
    (hour, minute), (start_hour, start_minute) = min(begins), start
    return (hour - start_hour) * 60 + minute - start_minute


def _fitting(talks: list[Submission], minutes: int | None) -> Submission | None:
    """Takes the first talk that ends before the next block, so no talk runs into lunch or a break."""
    for index, talk in enumerate(talks):
        if minutes is None or talk.submission_type.duration_minutes <= minutes:
            return talks.pop(index)
    return None


def seed_schedule(*, people: dict) -> None:
    conference = Conference.objects.filter(slug=DEMO_SLUG).first()
    if conference is None or ScheduleRelease.objects.filter(conference=conference).exists():
        return
    organiser = people["organiser@summit.test"]
    talks = list(
        Submission.objects.filter(conference=conference, state__in=["confirmed", "accepted"])
        .select_related("submission_type", "track")
        .order_by("-state", "track__position", "submitted_at", "pk")  # confirmed first
    )
    to_place = talks[: max(0, len(talks) - LEFT_UNSCHEDULED)]
    if not to_place:
        return  # nothing accepted (the review demo decides): nothing to schedule or release
    rooms = list(conference.rooms.all())
    days = [
        conference.start_date + dt.timedelta(days=n)
        for n in range((conference.end_date - conference.start_date).days + 1)
    ]
    for index, day in enumerate(days):
        slot_create_block(
            conference=conference,
            kind=ScheduleSlot.Kind.KEYNOTE,
            title=KEYNOTES[index % len(KEYNOTES)],
            room=None,
            starts_at=_at(conference, day, (9, 0)),
            ends_at=_at(conference, day, (9, 45)),
            by=organiser,
        )
        for kind, title, start, end in BLOCKS:
            slot_create_block(
                conference=conference,
                kind=kind,
                title=title,
                room=None,
                starts_at=_at(conference, day, start),
                ends_at=_at(conference, day, end),
                by=organiser,
            )
        if index == 0:
            slot_create_block(
                conference=conference,
                kind=ScheduleSlot.Kind.SOCIAL,
                title="Kafka Summit party",
                room=None,
                starts_at=_at(conference, day, (18, 0)),
                ends_at=_at(conference, day, (21, 0)),
                by=organiser,
            )
    # Fill slot by slot; workshops (90 minutes) take two slots of the smallest room, only where
    # no break, lunch or party falls inside them.
    workshops = [talk for talk in to_place if talk.submission_type.duration_minutes > 50]
    others = [talk for talk in to_place if talk.submission_type.duration_minutes <= 50]
    taken: set[tuple] = set()
    for day in days:
        for start in TALK_STARTS:
            for room in rooms:
                if (day, start, room.pk) in taken:
                    continue
                # A bool, not the list: popping the last workshop must not forget its second slot.
                use_workshop = bool(room in rooms[-2:] and start in WORKSHOP_STARTS and workshops)
                talk = workshops.pop(0) if use_workshop else _fitting(others, _minutes_until_block(start))
                if talk is None:
                    continue
                starts_at = _at(conference, day, start)
                slot_place_talk(conference=conference, submission=talk, room=room, starts_at=starts_at, by=organiser)
                if use_workshop:
                    taken.add((day, TALK_STARTS[TALK_STARTS.index(start) + 1], room.pk))
    # One speaker told the organisers too late: the editor shows the clash.
    first = to_place[0] if to_place else None
    if first is not None:
        unavailability_declare(
            conference=conference,
            user=first.speaker_links.get(is_primary=True).user,
            starts_at=_at(conference, days[0], (10, 0)),
            ends_at=_at(conference, days[0], (11, 0)),
            note="Flight lands at 10:30.",
        )
    release_publish(
        conference=conference,
        version="v1",
        by=organiser,
        comment="The full programme.",
        now=_at(conference, conference.start_date - dt.timedelta(days=40), (10, 0)),
        notify=False,
    )
