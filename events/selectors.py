"""Reads over the outbox and the stats read model, for the back office and `manage.py events status`."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Max, Min, Q, QuerySet

from events.models import DailyEventCount, DailySubmissionCount, OutboxEvent, ReviewerReviewCount


def events_for_source(*, source: str, event_type: str = "", limit: int = 100) -> QuerySet[OutboxEvent]:
    events = OutboxEvent.objects.filter(source=source).order_by("-id")
    if event_type:
        events = events.filter(type=event_type)
    return events[:limit]


def event_types_for_source(*, source: str) -> list[str]:
    return list(OutboxEvent.objects.filter(source=source).order_by("type").values_list("type", flat=True).distinct())


# --- Relay health ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicCounts:
    topic: str
    published: int
    unpublished: int
    latest_published_at: datetime | None


@dataclass(frozen=True)
class OutboxStatus:
    unpublished: int
    oldest_unpublished_at: datetime | None
    failing: list[OutboxEvent]  # unpublished rows whose last attempt failed, oldest first
    retried_then_published: int
    topics: list[TopicCounts]


def outbox_status(*, failing_limit: int = 20) -> OutboxStatus:
    unpublished = Q(published_at__isnull=True)
    # The pending table lists exactly the unpublished rows and, unlike published_at, is indexed.
    pending = OutboxEvent.objects.filter(pending__isnull=False)
    totals = pending.aggregate(count=Count("id"), oldest=Min("time"))
    failing = list(pending.exclude(last_error="").order_by("id")[:failing_limit])
    per_topic = (
        OutboxEvent.objects.order_by("topic")
        .values("topic")
        .annotate(
            published=Count("id", filter=~unpublished),
            unpublished=Count("id", filter=unpublished),
            latest=Max("published_at"),
        )
    )
    return OutboxStatus(
        unpublished=totals["count"],
        oldest_unpublished_at=totals["oldest"],
        failing=failing,
        retried_then_published=OutboxEvent.objects.filter(published_at__isnull=False, attempts__gt=1).count(),
        topics=[TopicCounts(row["topic"], row["published"], row["unpublished"], row["latest"]) for row in per_topic],
    )


# --- Stats read model (filled by `manage.py consume_stats`) -----------------------------------------


@dataclass(frozen=True)
class DayCount:
    day: date
    count: int


@dataclass(frozen=True)
class TrackCount:
    track: str  # the track's slug, "" when the submission named none
    count: int
    per_day: list[DayCount]


@dataclass(frozen=True)
class SourceStats:
    events_per_day: list[DayCount]  # newest first
    events_per_type: dict[str, int]
    submissions_per_track: list[TrackCount]
    reviews_per_reviewer: dict[int, int]  # reviewer (user) id → reviews submitted, most first

    @property
    def is_empty(self) -> bool:
        return not self.events_per_day


def stats_for_source(source: str, *, days: int = 14) -> SourceStats:
    """A conference's stats in three queries, whatever its size."""
    daily = list(
        DailyEventCount.objects.filter(source=source).order_by("-day", "type").values_list("day", "type", "count")
    )
    per_day: dict[date, int] = {}
    per_type: dict[str, int] = {}
    for day, event_type, count in daily:
        per_day[day] = per_day.get(day, 0) + count
        per_type[event_type] = per_type.get(event_type, 0) + count
    tracks: dict[str, list[DayCount]] = {}
    for track, day, count in (
        DailySubmissionCount.objects.filter(source=source).order_by("track", "day").values_list("track", "day", "count")
    ):
        tracks.setdefault(track, []).append(DayCount(day, count))
    reviews = ReviewerReviewCount.objects.filter(source=source).order_by("-count", "reviewer_id")
    return SourceStats(
        events_per_day=[DayCount(day, count) for day, count in list(per_day.items())[:days]],
        events_per_type=dict(sorted(per_type.items())),
        submissions_per_track=[
            TrackCount(track, sum(day.count for day in per_track), per_track) for track, per_track in tracks.items()
        ],
        reviews_per_reviewer=dict(reviews.values_list("reviewer_id", "count")),
    )
