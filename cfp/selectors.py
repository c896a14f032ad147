"""Reads of the call for papers, each planned to a constant number of queries."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from cfp.models import CfpSettings, CoSpeakerInvitation, Question, Submission, SubmissionSpeaker
from conference.models import Conference, SubmissionType, Track


def cfp_settings_for(conference: Conference) -> CfpSettings:
    """The saved settings, or the defaults (unsaved: reading a page never writes)."""
    return CfpSettings.objects.filter(conference=conference).first() or CfpSettings(conference=conference)


def applicable_questions(conference: Conference, *, track: Track | None, type: SubmissionType | None) -> list[Question]:
    """Active questions for a talk in this track and format (a question limited to none applies to all)."""
    questions = Question.objects.filter(conference=conference, is_active=True).prefetch_related(
        "tracks", "submission_types"
    )
    result = []
    for question in questions:
        track_ids = {t.pk for t in question.tracks.all()}
        type_ids = {t.pk for t in question.submission_types.all()}
        if track_ids and (track is None or track.pk not in track_ids):
            continue
        if type_ids and (type is None or type.pk not in type_ids):
            continue
        result.append(question)
    return result


def _with_people(submissions: QuerySet[Submission]) -> QuerySet[Submission]:
    return submissions.select_related("conference", "track", "submission_type", "level").prefetch_related(
        Prefetch("speaker_links", queryset=SubmissionSpeaker.objects.select_related("user"))
    )


def submissions_of_speaker(user) -> QuerySet[Submission]:
    return _with_people(Submission.objects.filter(speaker_links__user=user)).order_by("-created_at")


def submission_detail(*, code: str) -> Submission:
    return (
        _with_people(Submission.objects.filter(code=code))
        .prefetch_related(
            "answers__question",
            Prefetch("invitations", queryset=CoSpeakerInvitation.objects.filter(accepted_at__isnull=True)),
        )
        .get()
    )


def is_speaker_of(user, submission: Submission) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return any(link.user_id == user.pk for link in submission.speaker_links.all())


@dataclass(frozen=True)
class SubmissionFilters:
    track: str = ""
    submission_type: str = ""
    level: str = ""
    state: str = ""
    first_time: bool | None = None
    search: str = ""


def submissions_for_organiser(*, conference: Conference, filters: SubmissionFilters) -> QuerySet[Submission]:
    submissions = Submission.objects.filter(conference=conference).exclude(state=Submission.State.DRAFT)
    if filters.track:
        submissions = submissions.filter(track__slug=filters.track)
    if filters.submission_type:
        submissions = submissions.filter(submission_type_id=filters.submission_type)
    if filters.level:
        submissions = submissions.filter(level__slug=filters.level)
    if filters.state:
        submissions = submissions.filter(state=filters.state)
    if filters.first_time is not None:
        submissions = submissions.filter(is_first_time_speaker=filters.first_time)
    if filters.search:
        term = filters.search.strip()
        submissions = submissions.filter(
            Q(title__icontains=term)
            | Q(abstract__icontains=term)
            | Q(code__iexact=term)
            | Q(speaker_links__user__name__icontains=term)
            | Q(speaker_links__user__email__icontains=term)
        ).distinct()
    return _with_people(submissions).select_related("possible_duplicate_of").order_by("-submitted_at", "-id")


def counts_by_track(*, conference: Conference) -> list[dict]:
    """Each track with its number of submitted (non-draft, non-withdrawn) submissions."""
    live = ~Q(submissions__state__in=[Submission.State.DRAFT, Submission.State.WITHDRAWN])
    return list(
        conference.tracks.annotate(submission_count=Count("submissions", filter=live))
        .values("name", "slug", "colour", "submission_count")
        .order_by("position", "name")
    )


@dataclass(frozen=True)
class DailySeries:
    days: list[dt.date]
    tracks: list[dict]  # name, colour, counts (aligned with days), cumulative


def submissions_per_day(*, conference: Conference) -> DailySeries:
    rows = (
        Submission.objects.filter(conference=conference, submitted_at__isnull=False)
        .annotate(day=TruncDate("submitted_at", tzinfo=conference.tzinfo))
        .values("day", "track_id")
        .annotate(count=Count("id"))
    )
    by_track: dict[int, dict[dt.date, int]] = defaultdict(dict)
    days: set[dt.date] = set()
    for row in rows:
        by_track[row["track_id"]][row["day"]] = row["count"]
        days.add(row["day"])
    if not days:
        return DailySeries([], [])
    first, last = _chart_days(conference, days)
    all_days = [first + dt.timedelta(days=offset) for offset in range((last - first).days + 1)]
    tracks = []
    for track in conference.tracks.all():
        counts = [by_track.get(track.pk, {}).get(day, 0) for day in all_days]
        cumulative, total = [], 0
        for count in counts:
            total += count
            cumulative.append(total)
        tracks.append({"name": track.name, "colour": track.colour, "counts": counts, "cumulative": cumulative})
    return DailySeries(all_days, tracks)


def _chart_days(conference: Conference, days: set[dt.date]) -> tuple[dt.date, dt.date]:
    """The call's window, up to today while it is open, widened to every day with a submission: a
    call's first day would otherwise be a chart of one point, which draws no line at all."""
    tz = conference.tzinfo
    first, last = min(days), max(days)
    if conference.cfp_opens_at:
        first = min(first, conference.cfp_opens_at.astimezone(tz).date())
    today = timezone.localdate(timezone=tz)
    if conference.cfp_closes_at:
        last = max(last, min(today, conference.cfp_closes_at.astimezone(tz).date()))
    if first == last:
        first -= dt.timedelta(days=1)
    return first, last


def pending_invitation(*, token: str) -> CoSpeakerInvitation | None:
    return (
        CoSpeakerInvitation.objects.select_related("submission__conference", "invited_by")
        .filter(token=token, accepted_at__isnull=True)
        .first()
    )
