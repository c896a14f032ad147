"""Slide-deadline demo data: on a conference with accepted talks, some talks get a deadline
extension from an organiser (with a reason) and some talks that missed a deadline are flagged late,
as beat would have done. Called after the slides demo (drafts, reviews, finals), so only talks that
really miss a version are flagged. Idempotent: a conference that has extensions is left alone."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from conference.models import Conference, ConferenceRole
from slides.models import DeadlineExtension, Kind
from slides.selectors.organisers import talk_rows
from slides.services.lateness import deadline_extend, missed_kind, talk_flag_late

EXTEND_EVERY = 12
LATE_EVERY = 8
REASONS = [
    "Flight delayed; the deck is nearly done.",
    "Waiting for the legal team's approval of the customer story.",
    "Speaker changed jobs; new company template.",
    "Co-speaker joined late.",
]


@transaction.atomic
def seed_deadline_state(conference: Conference, *, now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    if DeadlineExtension.objects.filter(talk__submission__conference=conference).exists():
        return {"extensions": 0, "late": 0}
    organiser_role = (
        ConferenceRole.objects.filter(conference=conference, role=ConferenceRole.Role.ORGANISER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    organiser = organiser_role.user if organiser_role else None
    extensions = late = 0
    for index, row in enumerate(talk_rows(conferences=[conference])):
        due, starts = row.due.final, row.due.talk_starts_at
        if index % EXTEND_EVERY == 3 and due is not None and starts is not None:
            # Granted two days before the deadline, as of then, and always before the talk starts.
            until = min(due + dt.timedelta(hours=3), starts - dt.timedelta(hours=1))
            deadline_extend(
                submission=row.submission,
                kind=Kind.FINAL,
                until=until,
                reason=REASONS[index % len(REASONS)],
                by=organiser,
                now=min(now, due - dt.timedelta(days=2)),
            )
            extensions += 1
        elif index % LATE_EVERY == 5 and missed_kind(
            row.due, has_version=row.has_version, has_final=row.has_final, now=now
        ):
            late += talk_flag_late(submission=row.submission, now=now)
    return {"extensions": extensions, "late": late}
