"""The deadline tests' timeline: one conference in London on the factory's dates (30 Sep – 2 Oct
2030); drafts are due 16 September at 18:00, and a talk on 30 September at 10:00 has its final due
the day before at 18:00."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction

from slides.models import Status
from slides.services.records import locked_talk_slides
from tests.factories import ScheduleSlotFactory, SlideVersionFactory

LONDON = ZoneInfo("Europe/London")


def london(month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(2030, month, day, hour, minute, tzinfo=LONDON)


DRAFT_DUE = london(9, 16, 18)
TALK_STARTS = london(9, 30, 10)
FINAL_DUE = london(9, 29, 18)


def schedule(submission, room, starts_at: dt.datetime = TALK_STARTS):
    return ScheduleSlotFactory(
        conference=submission.conference,
        kind="talk",
        room=room,
        submission=submission,
        title="",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=40),
    )


def upload(submission, kind: str = "draft", **fields):
    """What slides-core's upload service leaves behind: a version and the status it sets."""
    with transaction.atomic():
        record = locked_talk_slides(submission)
        number = record.versions.count() + 1
        version = SlideVersionFactory(talk=record, kind=kind, number=number, **fields)
        record.status = Status.FINAL_IN if kind == "final" else Status.DRAFT_IN
        record.save(update_fields=["status"])
    return version
