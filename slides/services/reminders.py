"""What beat does around the deadlines: remind speakers before each deadline, flag talks late after
it, and send the organisers a daily digest of the late talks.

Exactly once, however many workers run the tick at the same moment: a reminder is claimed by
inserting its SlideReminder row (unique per talk, kind, deadline and day count) and a digest by its
LateDigest row (unique per conference and day), each in the transaction that emits the event. The
loser of a race hits the unique constraint (on PostgreSQL it waits for the winner's commit first),
rolls back to its savepoint and sends nothing. E-mails leave after the commit, from a task.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from cfp.models import Submission
from common.queueing import enqueue_on_commit
from conference.models import Conference
from events.services import emit
from slides import tasks
from slides.models import Kind, LateDigest, SlideReminder, Status, TalkSlides
from slides.permissions import SLIDE_STATES
from slides.selectors.organisers import TalkRow, conferences_with_deadlines, reminder_days_of, talk_rows
from slides.selectors.talks import settings_for
from slides.services.lateness import FLAGGABLE, deadlines_of, missed_kind, talk_flag_late, utc, versions_in
from slides.services.records import locked_talk_slides

# The digest waits for the organisers' morning (conference time) and goes at most once a day.
DIGEST_HOUR = 8


def due_reminder(row: TalkRow, kind: str, days: list[int], now: dt.datetime) -> int | None:
    """The day count of the reminder due now for one deadline, or None. A reminder `d` is due from the
    start of the day `d` days before the deadline (conference time) until the deadline; when several
    are due (a talk accepted late, beat stopped for a while) only the closest goes."""
    deadline = row.due.due(kind)
    missing = not row.has_version if kind == Kind.DRAFT else not row.has_final
    if deadline is None or not missing or now >= deadline or row.status in (Status.LATE, Status.PUBLISHED):
        return None
    tz = row.conference.tzinfo
    days_left = (deadline.astimezone(tz).date() - now.astimezone(tz).date()).days
    due = [day for day in days if day >= days_left]
    return min(due) if due else None


@transaction.atomic
def reminder_claim(*, submission: Submission, kind: str, deadline: dt.datetime, days_before: int, now: dt.datetime):
    """Records and announces one reminder; None when it is no longer due or another worker has it."""
    talk = locked_talk_slides(submission)
    has_version, has_final = versions_in(talk)
    still_missing = not has_version if kind == Kind.DRAFT else not has_final
    if not still_missing or deadlines_of(submission, talk).due(kind) != deadline or now >= deadline:
        return None
    try:
        with transaction.atomic():
            reminder = SlideReminder.objects.create(talk=talk, kind=kind, deadline=deadline, days_before=days_before)
    except IntegrityError:
        return None
    speakers = list(submission.speaker_links.values_list("user_id", flat=True))
    emit(
        "summit.slides.reminder.sent.v1",
        subject=talk.subject,
        data={
            "conference": submission.conference.slug,
            "submission": submission.code,
            "kind": kind,
            "days_before": days_before,
            "deadline": utc(deadline),
            "speaker_ids": speakers,
        },
        conference_slug=submission.conference.slug,
    )
    enqueue_on_commit(tasks.send_reminder, reminder.pk)
    return reminder


def reminders_send(*, now: dt.datetime | None = None, rows: list[TalkRow] | None = None) -> int:
    now = now or timezone.now()
    rows = talk_rows(conferences=conferences_with_deadlines(now)) if rows is None else rows
    # Reminders already sent are skipped here, so a tick claims (and locks a talk) only for new ones.
    done = set(
        SlideReminder.objects.filter(
            talk__submission__in=[row.submission.pk for row in rows], deadline__gt=now
        ).values_list("talk__submission_id", "kind", "deadline", "days_before")
    )
    sent = 0
    for row in rows:
        days = reminder_days_of(settings_for(row.conference))
        for kind in (Kind.DRAFT, Kind.FINAL):
            days_before, deadline = due_reminder(row, kind, days, now), row.due.due(kind)
            if (
                days_before is not None
                and deadline is not None
                and (row.submission.pk, kind, deadline, days_before) not in done
            ):
                claimed = reminder_claim(
                    submission=row.submission, kind=kind, deadline=deadline, days_before=days_before, now=now
                )
                sent += claimed is not None
    return sent


def late_flags_set(*, now: dt.datetime | None = None, rows: list[TalkRow] | None = None) -> int:
    now = now or timezone.now()
    rows = talk_rows(conferences=conferences_with_deadlines(now)) if rows is None else rows
    flagged = 0
    for row in rows:
        if row.status in FLAGGABLE and missed_kind(
            row.due, has_version=row.has_version, has_final=row.has_final, now=now
        ):
            flagged += talk_flag_late(submission=row.submission, now=now)
    return flagged


def late_talks(conference: Conference):
    return (
        TalkSlides.objects.filter(
            submission__conference=conference, submission__state__in=SLIDE_STATES, status=Status.LATE
        )
        .select_related("submission__track")
        .prefetch_related("submission__speaker_links__user")
        .order_by("late_since", "submission__title")
    )


@transaction.atomic
def digest_claim(*, conference: Conference, now: dt.datetime) -> LateDigest | None:
    day = now.astimezone(conference.tzinfo).date()
    codes = list(late_talks(conference).values_list("submission__code", flat=True))
    if not codes:
        return None
    try:
        with transaction.atomic():
            digest = LateDigest.objects.create(conference=conference, day=day, late_count=len(codes))
    except IntegrityError:
        return None
    emit(
        "summit.slides.digest.sent.v1",
        subject=conference.subject,
        data={"conference": conference.slug, "day": day, "late_count": len(codes), "submissions": codes},
        conference_slug=conference.slug,
    )
    enqueue_on_commit(tasks.send_late_digest, digest.pk)
    return digest


def digests_send(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    with_late = conferences_with_deadlines(now).filter(
        submissions__slides__status=Status.LATE, submissions__state__in=SLIDE_STATES
    )
    sent = 0
    for conference in with_late.distinct().order_by("pk"):
        local = now.astimezone(conference.tzinfo)
        if local.hour < DIGEST_HOUR or LateDigest.objects.filter(conference=conference, day=local.date()).exists():
            continue
        sent += digest_claim(conference=conference, now=now) is not None
    return sent


def deadlines_tick(*, now: dt.datetime | None = None) -> dict[str, int]:
    """One beat run: late flags first (a late talk gets no more reminders), then reminders, then digests."""
    now = now or timezone.now()
    rows = talk_rows(conferences=conferences_with_deadlines(now))
    flagged = late_flags_set(now=now, rows=rows)
    if flagged:
        rows = talk_rows(conferences=conferences_with_deadlines(now))
    return {
        "flagged_late": flagged,
        "reminders": reminders_send(now=now, rows=rows),
        "digests": digests_send(now=now),
    }
