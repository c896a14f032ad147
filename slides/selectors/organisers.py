"""Reads behind the deadline machinery and the organiser dashboard: every accepted talk with its
deadlines (extensions included), whether a draft and a final are in, and its slot, in a fixed
number of queries however many talks there are."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from cfp.models import Submission, SubmissionSpeaker
from conference.models import Conference
from schedule.models import ScheduleSlot
from slides import deadlines
from slides.models import DeadlineExtension, Kind, SlideReminder, SlideReviewer, SlideVersion, Status
from slides.permissions import SLIDE_STATES
from slides.selectors.talks import settings_for

MAX_REMINDER_DAY = 60


def parse_reminder_days(text: str) -> list[int]:
    """ "7,2,0" → [7, 2, 0]: whole days before a deadline, 0 being the day itself, each once."""
    parts = [part.strip() for part in (text or "").split(",") if part.strip()]
    try:
        days = [int(part) for part in parts]
    except ValueError:
        raise ValidationError(
            _("Write whole numbers of days separated by commas, for example 7,2,0."), code="not_numbers"
        ) from None
    if any(day < 0 or day > MAX_REMINDER_DAY for day in days):
        raise ValidationError(
            _("Each reminder is between 0 (the day itself) and %(max)s days before.") % {"max": MAX_REMINDER_DAY},
            code="out_of_range",
        )
    return sorted(set(days), reverse=True)


def reminder_days_of(slides_settings) -> list[int]:
    try:
        return parse_reminder_days(slides_settings.reminder_days)
    except ValidationError:
        return []


@dataclass
class TalkRow:
    submission: Submission
    due: deadlines.Deadlines
    has_version: bool
    has_final: bool
    status: str
    late_since: dt.datetime | None
    speakers: list = field(default_factory=list)

    @property
    def conference(self) -> Conference:
        return self.submission.conference


def _accepted(conferences: QuerySet[Conference] | list[Conference]) -> QuerySet[Submission]:
    versions = SlideVersion.objects.filter(talk__submission=OuterRef("pk"))
    slot = ScheduleSlot.objects.filter(submission=OuterRef("pk"))
    speakers = SubmissionSpeaker.objects.select_related("user").order_by("-is_primary", "pk")
    return (
        Submission.objects.filter(conference__in=conferences, state__in=SLIDE_STATES)
        .select_related("conference", "conference__slides_settings", "track", "slides")
        .annotate(
            has_version=Exists(versions),
            has_final=Exists(versions.filter(kind=Kind.FINAL)),
            slot_starts_at=Subquery(slot.values("starts_at")[:1]),
            slot_ends_at=Subquery(slot.values("ends_at")[:1]),
        )
        .prefetch_related(Prefetch("speaker_links", queryset=speakers))
        .order_by("conference_id", F("slot_starts_at").asc(nulls_last=True), "title", "pk")
    )


def talk_rows(*, conferences) -> list[TalkRow]:
    rows = []
    for submission in _accepted(conferences):
        # Reverse one-to-one: a talk without a slide record raises an AttributeError subclass.
        talk = getattr(submission, "slides", None)
        due = deadlines.compute(
            submission.conference,
            settings_for(submission.conference),
            talk,
            submission.slot_starts_at,
            submission.slot_ends_at,
        )
        rows.append(
            TalkRow(
                submission=submission,
                due=due,
                has_version=submission.has_version,
                has_final=submission.has_final,
                status=talk.status if talk else Status.MISSING,
                late_since=talk.late_since if talk else None,
                speakers=[link.user for link in submission.speaker_links.all()],
            )
        )
    return rows


def conferences_with_deadlines(now: dt.datetime) -> QuerySet[Conference]:
    """Conferences not over yet (a day of slack for time zones): the only ones beat looks at."""
    return Conference.objects.filter(end_date__gte=(now - dt.timedelta(days=1)).date())


@dataclass
class Dashboard:
    rows: list[TalkRow]
    statuses: list[tuple[str, str]]
    per_track: list[tuple[str, list[int], int]]
    per_day: list[tuple[str, list[int], int]]
    totals: list[int]
    late: list[TalkRow]
    extensions: list[DeadlineExtension]
    uploads: list[tuple[dt.date, int, int]]
    # The same per track (in the tracks' order): (track name, [(day, drafts, finals)]).
    track_uploads: list[tuple[str, list[tuple[dt.date, int, int]]]]


def _count_table(groups: dict[str, Counter]) -> list[tuple[str, list[int], int]]:
    return [
        (label, [counter[status] for status in Status.values], sum(counter.values()))
        for label, counter in groups.items()
    ]


def dashboard(*, conference: Conference) -> Dashboard:
    rows = talk_rows(conferences=[conference])
    tz = conference.tzinfo
    per_track: dict[str, Counter] = {}
    per_day: dict[str, Counter] = {}
    for row in sorted(rows, key=lambda r: (r.submission.track.position, r.submission.track.name)):
        per_track.setdefault(row.submission.track.name, Counter())[row.status] += 1
    unscheduled = _("Not scheduled yet")
    for row in sorted(rows, key=lambda r: (r.due.talk_starts_at is None, r.due.talk_starts_at or dt.datetime.min)):
        starts = row.due.talk_starts_at
        label = starts.astimezone(tz).strftime("%Y-%m-%d") if starts else unscheduled
        per_day.setdefault(label, Counter())[row.status] += 1
    totals = Counter(row.status for row in rows)
    extensions = list(
        DeadlineExtension.objects.filter(talk__submission__conference=conference)
        .select_related("talk__submission", "granted_by")
        .order_by("-created_at", "-id")
    )
    uploads = (
        SlideVersion.objects.filter(talk__submission__conference=conference)
        .annotate(day=TruncDate("uploaded_at", tzinfo=tz))
        .values("day", "kind", "talk__submission__track__position", "talk__submission__track__name")
        .annotate(n=Count("id"))
        .order_by("day")
    )
    per_upload_day: dict[dt.date, list[int]] = {}
    per_track_day: dict[tuple[int, str], dict[dt.date, list[int]]] = {}
    for entry in uploads:
        column = 0 if entry["kind"] == Kind.DRAFT else 1
        per_upload_day.setdefault(entry["day"], [0, 0])[column] += entry["n"]
        track = (entry["talk__submission__track__position"], entry["talk__submission__track__name"])
        per_track_day.setdefault(track, {}).setdefault(entry["day"], [0, 0])[column] += entry["n"]
    late = sorted(
        (row for row in rows if row.status == Status.LATE),
        key=lambda r: (r.late_since or dt.datetime.max.replace(tzinfo=dt.UTC), r.submission.title),
    )
    return Dashboard(
        rows=rows,
        statuses=list(Status.choices),
        per_track=_count_table(per_track),
        per_day=_count_table(per_day),
        totals=[totals[status] for status in Status.values],
        late=late,
        extensions=extensions,
        uploads=_by_day(per_upload_day),
        track_uploads=[(name, _by_day(per_track_day[(position, name)])) for position, name in sorted(per_track_day)],
    )


def _by_day(counts: dict[dt.date, list[int]]) -> list[tuple[dt.date, int, int]]:
    return [(day, drafts, finals) for day, (drafts, finals) in sorted(counts.items())]


def talk_for_organiser(*, conference: Conference, code: str) -> Submission:
    return Submission.objects.select_related("conference", "track", "slides").get(
        conference=conference, code=code, state__in=SLIDE_STATES
    )


def extensions_of(submission: Submission) -> QuerySet[DeadlineExtension]:
    """The talk's deadline extensions, newest first (the model's order), with who granted each."""
    return DeadlineExtension.objects.filter(talk__submission=submission).select_related("granted_by")


def reminders_of(submission: Submission) -> QuerySet[SlideReminder]:
    """The reminders sent for the talk, newest first."""
    return SlideReminder.objects.filter(talk__submission=submission).order_by("-sent_at", "-id")


def slide_reviewer_of(conference: Conference, pk: int) -> SlideReviewer | None:
    return SlideReviewer.objects.select_related("user", "conference").filter(conference=conference, pk=pk).first()


def slide_reviewers_of(conference: Conference) -> QuerySet[SlideReviewer]:
    return (
        SlideReviewer.objects.filter(conference=conference)
        .select_related("user")
        .prefetch_related("tracks")
        .order_by("user__name", "user__email")
    )
