"""Reads of the review committee, each planned to a constant number of queries.

Conflicts of interest are a queryset filter (`conflict_filter`), so every list a reviewer sees and
every permission check excludes the same submissions."""

import math
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import SpeakerProfile
from cfp.models import Submission, SubmissionSpeaker
from conference.models import Conference, Track
from conference.selectors import reviewer_track_ids
from review.models import (
    Assignment,
    Bid,
    Clarification,
    Notification,
    NotificationBatch,
    PassCode,
    Review,
    ReviewPhase,
    ReviewSettings,
    Score,
    ScoreCategory,
)

State = Submission.State
# Proposals the committee looks at; drafts and withdrawn ones are nobody's business but the speaker's.
VISIBLE_STATES = frozenset(
    {
        State.SUBMITTED,
        State.UNDER_REVIEW,
        State.ACCEPTED,
        State.REJECTED,
        State.WAITLISTED,
        State.CONFIRMED,
        State.DECLINED,
    }
)
OPEN_STATES = frozenset({State.SUBMITTED, State.UNDER_REVIEW})
DECIDED_STATES = frozenset({State.ACCEPTED, State.REJECTED, State.WAITLISTED, State.CONFIRMED, State.DECLINED})
OUTLIER_DISTANCE = Decimal("3")  # points on the 0–10 scale between a review and the submission's mean
COMPANY_CACHE_ATTRIBUTE = "_summit_review_company"


def review_settings_for(conference: Conference) -> ReviewSettings:
    """The saved settings, or the defaults (unsaved: reading a page never writes)."""
    return ReviewSettings.objects.filter(conference=conference).first() or ReviewSettings(conference=conference)


@dataclass(frozen=True)
class PhaseStatus:
    phase: ReviewPhase | None
    can_bid: bool
    can_review: bool


def phase_status(conference: Conference, now: datetime | None = None) -> PhaseStatus:
    """The phase running now and what it lets reviewers do. With no phases set up at all, reviewers
    may bid and review at any time; with phases, only inside one that allows it."""
    now = now or timezone.now()
    phases = list(ReviewPhase.objects.filter(conference=conference))
    if not phases:
        return PhaseStatus(None, True, True)
    phase = next((p for p in phases if p.starts_at <= now < p.ends_at), None)
    return PhaseStatus(phase, bool(phase and phase.can_bid), bool(phase and phase.can_review))


def current_phase(conference: Conference, now: datetime | None = None) -> ReviewPhase | None:
    return phase_status(conference, now).phase


def phase_allows(conference: Conference, action: str, now: datetime | None = None) -> bool:
    """`action` is "bid" or "review"."""
    return getattr(phase_status(conference, now), f"can_{action}")


def categories_for(conference: Conference, track: Track | None) -> list[ScoreCategory]:
    categories = ScoreCategory.objects.filter(conference=conference).select_related("track")
    return [c for c in categories if c.track_id is None or (track is not None and c.track_id == track.pk)]


def _company_of(user) -> str:
    cached = getattr(user, COMPANY_CACHE_ATTRIBUTE, None)
    if cached is None:
        company = SpeakerProfile.objects.filter(user=user).values_list("company", flat=True).first() or ""
        cached = company.strip()
        setattr(user, COMPANY_CACHE_ATTRIBUTE, cached)
    return cached


def conflict_filter(reviewer) -> Q:
    """Submissions `reviewer` must not see: their own, their co-authors' (anyone who shares a
    proposal with them, at any conference), same company (case-insensitive), and declared ones."""
    co_authors = SubmissionSpeaker.objects.filter(submission__speaker_links__user=reviewer).values("user_id")
    conflicted = Q(speaker_links__user_id__in=co_authors) | Q(review_conflicts__reviewer=reviewer)
    company = _company_of(reviewer)
    if company:
        conflicted |= Q(speaker_links__user__speaker_profile__company__iexact=company)
    return conflicted


def conflicted_ids(reviewer, conference: Conference) -> QuerySet:
    return Submission.objects.filter(conference=conference).filter(conflict_filter(reviewer)).values("pk")


def is_conflicted(reviewer, submission: Submission) -> bool:
    return Submission.objects.filter(pk=submission.pk).filter(conflict_filter(reviewer)).exists()


def in_scope(reviewer, conference: Conference) -> QuerySet[Submission]:
    """The reviewer's tracks' submitted proposals, without their conflicts (assigned or not)."""
    submissions = Submission.objects.filter(conference=conference, state__in=VISIBLE_STATES)
    track_ids = reviewer_track_ids(reviewer, conference)
    if track_ids is not None:
        submissions = submissions.filter(track_id__in=track_ids)
    return submissions.exclude(pk__in=conflicted_ids(reviewer, conference))


def visible_for_review(reviewer, conference: Conference, review_settings: ReviewSettings) -> QuerySet[Submission]:
    submissions = in_scope(reviewer, conference)
    if review_settings.restrict_to_assigned:
        submissions = submissions.filter(review_assignments__reviewer=reviewer)
    return submissions


def _planned(submissions: QuerySet[Submission], reviewer) -> QuerySet[Submission]:
    return submissions.select_related("track", "submission_type", "level").prefetch_related(
        Prefetch("reviews", queryset=Review.objects.filter(reviewer=reviewer), to_attr="my_reviews"),
        Prefetch("review_bids", queryset=Bid.objects.filter(reviewer=reviewer), to_attr="my_bids"),
    )


def dashboard(reviewer, conference: Conference, review_settings: ReviewSettings) -> dict:
    """The reviewer's assigned submissions (or, when not restricted, all they may review), to do first."""
    assigned = Assignment.objects.filter(reviewer=reviewer, submission=OuterRef("pk"))
    submissions = (
        _planned(visible_for_review(reviewer, conference, review_settings), reviewer)
        .annotate(is_assigned=Exists(assigned))
        .order_by("title", "pk")
    )
    if review_settings.restrict_to_assigned:
        submissions = submissions.distinct()
    rows = list(submissions)
    done = [s for s in rows if s.my_reviews]
    todo = [s for s in rows if not s.my_reviews]
    return {"todo": todo, "done": done, "total": len(rows)}


def next_to_review(reviewer, conference: Conference, review_settings: ReviewSettings, *, after: Submission) -> str:
    """The code of the next proposal (in the dashboard's order) the reviewer has not reviewed yet."""
    pending = (
        visible_for_review(reviewer, conference, review_settings)
        .filter(state__in=OPEN_STATES)
        .exclude(reviews__reviewer=reviewer)
        .exclude(pk=after.pk)
        .order_by("title", "pk")
    )
    later = pending.filter(Q(title__gt=after.title) | Q(title=after.title, pk__gt=after.pk)).values_list(
        "code", flat=True
    )
    return later.first() or pending.values_list("code", flat=True).first() or ""


def bidding_list(reviewer, conference: Conference) -> list[Submission]:
    return list(
        _planned(in_scope(reviewer, conference).filter(state__in=OPEN_STATES), reviewer).order_by("title", "pk")
    )


def submission_for_review(*, code: str) -> Submission:
    return (
        Submission.objects.filter(code=code)
        .select_related("conference", "track", "submission_type", "level")
        .prefetch_related(
            Prefetch(
                "speaker_links", queryset=SubmissionSpeaker.objects.select_related("user", "user__speaker_profile")
            ),
            "answers__question",
            Prefetch(
                "reviews",
                queryset=Review.objects.select_related("reviewer").prefetch_related(
                    Prefetch("scores", queryset=Score.objects.select_related("category"))
                ),
            ),
            Prefetch("clarifications", queryset=Clarification.objects.select_related("asked_by", "answered_by")),
        )
        .get()
    )


def reviews_of(reviewer, conference: Conference) -> QuerySet[Review]:
    return (
        Review.objects.filter(reviewer=reviewer, submission__conference=conference)
        .select_related("submission", "reviewer")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("category")))
        .order_by("submitted_at", "pk")
    )


def all_reviews(conference: Conference) -> QuerySet[Review]:
    return (
        Review.objects.filter(submission__conference=conference)
        .select_related("submission", "reviewer")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("category")))
        .order_by("submitted_at", "pk")
    )


@dataclass
class RankedSubmission:
    submission: Submission
    mean: Decimal | None
    spread: Decimal | None
    count: int
    outliers: list[Decimal] = field(default_factory=list)
    assigned: int = 0


def _stats(totals: list[Decimal]) -> tuple[Decimal | None, Decimal | None, list[Decimal]]:
    if not totals:
        return None, None, []
    mean = sum(totals) / len(totals)
    spread = Decimal(str(math.sqrt(sum((t - mean) ** 2 for t in totals) / len(totals))))
    outliers = [t for t in totals if abs(t - mean) >= OUTLIER_DISTANCE]
    return mean.quantize(Decimal("0.01")), spread.quantize(Decimal("0.01")), outliers


def ranking(conference: Conference, *, track: str = "") -> list[RankedSubmission]:
    """Submitted proposals by weighted mean score, best first; unreviewed ones last."""
    submissions = (
        Submission.objects.filter(conference=conference, state__in=VISIBLE_STATES)
        .select_related("track", "submission_type")
        .prefetch_related(
            Prefetch("speaker_links", queryset=SubmissionSpeaker.objects.select_related("user")),
            Prefetch("reviews", queryset=Review.objects.only("id", "submission_id", "total")),
        )
        .annotate(assigned_count=Count("review_assignments", distinct=True))
    )
    if track:
        submissions = submissions.filter(track__slug=track)
    rows = []
    for submission in submissions:
        mean, spread, outliers = _stats([review.total for review in submission.reviews.all()])
        rows.append(
            RankedSubmission(
                submission, mean, spread, len(submission.reviews.all()), outliers, submission.assigned_count
            )
        )
    rows.sort(key=lambda row: (row.mean is None, -(row.mean or 0), row.submission.title))
    return rows


def assignment_overview(conference: Conference) -> dict:
    """Per reviewer: assigned and done; per submission: its reviewers. For the organiser's page."""
    from conference.models import ConferenceRole

    reviewers = list(
        ConferenceRole.objects.filter(conference=conference, role=ConferenceRole.Role.REVIEWER)
        .select_related("user")
        .prefetch_related("tracks")
        .annotate(
            assigned=Count(
                "user__review_assignments",
                filter=Q(user__review_assignments__submission__conference=conference),
                distinct=True,
            ),
            done=Count("user__reviews", filter=Q(user__reviews__submission__conference=conference), distinct=True),
        )
        .order_by("user__email")
    )
    submissions = list(
        Submission.objects.filter(conference=conference, state__in=OPEN_STATES)
        .select_related("track")
        .prefetch_related(
            Prefetch(
                "review_assignments", queryset=Assignment.objects.select_related("reviewer").order_by("reviewer__email")
            ),
            Prefetch("reviews", queryset=Review.objects.only("id", "submission_id", "reviewer_id")),
        )
        .order_by("track__position", "title")
    )
    for submission in submissions:
        reviewed = {review.reviewer_id for review in submission.reviews.all()}
        submission.assignment_rows = [(a, a.reviewer_id in reviewed) for a in submission.review_assignments.all()]
    return {"reviewers": reviewers, "submissions": submissions}


def outbox(conference: Conference) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(conference=conference)
        .select_related("submission", "recipient")
        .order_by("status", "kind", "submission__title", "pk")
    )


def notification_counts(conference: Conference) -> dict[str, int]:
    rows = Notification.objects.filter(conference=conference).values("status").annotate(count=Count("id"))
    return {row["status"]: row["count"] for row in rows}


def batch_progress(batch: NotificationBatch) -> dict:
    counts = {
        row["status"]: row["count"]
        for row in Notification.objects.filter(batch=batch).values("status").annotate(count=Count("id"))
    }
    sent = counts.get(Notification.Status.SENT, 0)
    failed = counts.get(Notification.Status.FAILED, 0)
    done = sent + failed
    return {
        "batch": batch,
        "sent": sent,
        "failed": failed,
        "total": batch.total,
        "percent": round(100 * done / batch.total) if batch.total else 100,
        "finished": done >= batch.total,
    }


def pass_codes(conference: Conference) -> QuerySet[PassCode]:
    return PassCode.objects.filter(conference=conference).select_related("speaker", "submission").order_by("kind", "pk")


def decisions_for_speaker(user) -> QuerySet[Submission]:
    """The speaker's decided proposals with their pass codes and the questions reviewers asked."""
    return (
        Submission.objects.filter(speaker_links__user=user)
        .filter(Q(state__in=DECIDED_STATES) | Q(clarifications__isnull=False))
        .distinct()
        .select_related("conference", "track")
        .prefetch_related(
            Prefetch("pass_codes", queryset=PassCode.objects.filter(speaker=user), to_attr="my_codes"),
            Prefetch("clarifications", queryset=Clarification.objects.order_by("asked_at", "pk")),
        )
        .order_by("-submitted_at", "pk")
    )
