"""Reads for slides. Lists compute deadlines from prefetched rows: a constant number of queries. The
look-ups by slug and code return None for what does not exist: views answer 404 for it and for what
the caller may not see alike."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from cfp.models import Submission
from conference.models import Conference
from conference.permissions import is_organiser, is_reviewer
from conference.selectors import reviewer_track_ids
from review.selectors import conflicted_ids
from schedule.models import ScheduleSlot
from slides import deadlines
from slides.models import SlideComment, SlideReview, SlidesSettings, SlideVersion, Status, TalkSlides


def settings_for(conference: Conference) -> SlidesSettings:
    """The conference's slide rules; defaults (unsaved) until an organiser changes them."""
    try:
        return conference.slides_settings
    except SlidesSettings.DoesNotExist:
        return SlidesSettings(conference=conference)


def talk_slot(submission: Submission) -> ScheduleSlot | None:
    cached = getattr(submission, "talk_slots", None)
    if cached is not None:
        return cached[0] if cached else None
    return ScheduleSlot.objects.filter(submission=submission).first()


def talk_record(submission: Submission) -> TalkSlides | None:
    try:
        return submission.slides
    except TalkSlides.DoesNotExist:
        return None


@dataclass(frozen=True)
class TalkRow:
    """One talk as the portal and the review list show it."""

    submission: Submission
    talk: TalkSlides | None
    due: deadlines.Deadlines
    versions: list[SlideVersion]

    @property
    def status(self) -> str:
        return self.talk.status if self.talk else Status.MISSING

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def latest(self) -> SlideVersion | None:
        return self.versions[-1] if self.versions else None


def _talks(submissions: QuerySet[Submission]) -> QuerySet[Submission]:
    return submissions.select_related("conference", "conference__slides_settings", "track", "slides").prefetch_related(
        Prefetch("slots", queryset=ScheduleSlot.objects.select_related("room"), to_attr="talk_slots"),
        Prefetch("slides__versions", queryset=SlideVersion.objects.order_by("number")),
    )


def _row(submission: Submission) -> TalkRow:
    talk = talk_record(submission)
    slot = talk_slot(submission)
    due = deadlines.compute(
        submission.conference,
        settings_for(submission.conference),
        talk,
        slot.starts_at if slot else None,
        slot.ends_at if slot else None,
    )
    return TalkRow(submission=submission, talk=talk, due=due, versions=list(talk.versions.all()) if talk else [])


def talks_of_speaker(user) -> list[TalkRow]:
    """The speaker's accepted and confirmed talks, every conference, soonest conference first."""
    from slides.permissions import SLIDE_STATES

    found = Submission.objects.filter(speaker_links__user=user, state__in=SLIDE_STATES).order_by(
        "conference__start_date", "title"
    )
    return [_row(submission) for submission in _talks(found)]


def talk_row(submission: Submission) -> TalkRow:
    return _row(_talks(Submission.objects.filter(pk=submission.pk)).get())


def reviewable_talks(user, conference: Conference) -> list[TalkRow]:
    """The accepted talks `user` may review the slides of (the same scope as `slides.review`)."""
    from slides.permissions import SLIDE_STATES

    talks = Submission.objects.filter(conference=conference, state__in=SLIDE_STATES)
    if not is_organiser(user, conference):
        appointment = conference.slide_reviewers.filter(user=user).prefetch_related("tracks").first()
        if appointment is not None:
            track_ids = {track.pk for track in appointment.tracks.all()} or None
        elif settings_for(conference).track_reviewers_review_slides and is_reviewer(user, conference):
            track_ids = reviewer_track_ids(user, conference)
        else:
            return []
        if track_ids is not None:
            talks = talks.filter(track_id__in=track_ids)
        talks = talks.exclude(pk__in=conflicted_ids(user, conference))
    return [_row(submission) for submission in _talks(talks.order_by("track__position", "title"))]


def version_detail(submission: Submission, number: int) -> SlideVersion:
    """Raises SlideVersion.DoesNotExist."""
    return (
        SlideVersion.objects.select_related("talk__submission__conference", "uploaded_by")
        .prefetch_related(
            Prefetch("comments", queryset=SlideComment.objects.select_related("author")),
            Prefetch("reviews", queryset=SlideReview.objects.select_related("reviewer")),
        )
        .get(talk__submission=submission, number=number)
    )


def versions_with_feedback(submission: Submission) -> list[SlideVersion]:
    """Every version of the talk, newest first, with its comments (by page) and verdicts."""
    return list(
        SlideVersion.objects.filter(talk__submission=submission)
        .select_related("uploaded_by")
        .prefetch_related(
            Prefetch("comments", queryset=SlideComment.objects.select_related("author")),
            Prefetch("reviews", queryset=SlideReview.objects.select_related("reviewer")),
        )
        .order_by("-number")
    )


def conference_by_slug(*, slug: str) -> Conference | None:
    return Conference.objects.filter(slug=slug).first()


def talk_by_code(*, code: str, conference_slug: str | None = None, accepted_only: bool = False) -> Submission | None:
    """A submission by its code (in that conference, when given), with its conference, slide rules
    and track (what the permission rules read); any state unless `accepted_only` (accepted or
    confirmed: the talks that have slides)."""
    from slides.permissions import SLIDE_STATES

    found = Submission.objects.select_related("conference", "conference__slides_settings", "track").filter(code=code)
    if conference_slug is not None:
        found = found.filter(conference__slug=conference_slug)
    if accepted_only:
        found = found.filter(state__in=SLIDE_STATES)
    return found.first()


def version_of(*, submission: Submission, number: int) -> SlideVersion | None:
    """One version, for its file (no comments or verdicts: see version_detail)."""
    return SlideVersion.objects.filter(talk__submission=submission, number=number).first()


def versions_of(*, submission: Submission) -> QuerySet[SlideVersion]:
    return SlideVersion.objects.filter(talk__submission=submission).select_related("talk__submission__conference")
