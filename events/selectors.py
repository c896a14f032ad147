"""Reads over the outbox and the stats read model, for the back office and `manage.py events status`."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Max, Min, Q, QuerySet

from events.cursor import CURSOR_NAME, CursorState, current_cursor, state_of, with_published_flag
from events.models import (
    DailyEventCount,
    DailySubmissionCount,
    OutboxEvent,
    ParkedEvent,
    RelayCursor,
    ReviewerReviewCount,
)


def events_for_source(
    *, source: str, event_type: str = "", limit: int = 100, state: CursorState | None = None
) -> QuerySet[OutboxEvent]:
    """The newest events of a source, each with `published` and, if Kafka refused it, `parked`."""
    events = OutboxEvent.objects.filter(source=source).select_related("parked").order_by("-id")
    if event_type:
        events = events.filter(type=event_type)
    return with_published_flag(events, state)[:limit]


def event_types_for_source(*, source: str) -> list[str]:
    return list(OutboxEvent.objects.filter(source=source).order_by("type").values_list("type", flat=True).distinct())


def relay_cursor() -> RelayCursor:
    """The relay's cursor (an unsaved one at the start when no relay has run yet)."""
    return current_cursor() or RelayCursor(name=CURSOR_NAME)


def cursor_state(cursor: RelayCursor) -> CursorState:
    return state_of(None if cursor._state.adding else cursor)


# --- Relay health ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicCounts:
    topic: str
    published: int
    unpublished: int
    latest_published_time: datetime | None  # the event time of the newest published event


@dataclass(frozen=True)
class OutboxStatus:
    unpublished: int  # parked ones included
    oldest_unpublished_at: datetime | None
    cursor: RelayCursor
    blocked_event: OutboxEvent | None  # where the relay stopped on a failed delivery
    parked: int
    parked_events: list[ParkedEvent]  # oldest first
    topics: list[TopicCounts]


def outbox_status(*, parked_limit: int = 20) -> OutboxStatus:
    cursor = relay_cursor()
    events = with_published_flag(OutboxEvent.objects.all(), cursor_state(cursor))
    totals = events.filter(published=False).aggregate(count=Count("id"), oldest=Min("time"))
    per_topic = (
        events.order_by("topic")
        .values("topic")
        .annotate(
            published_count=Count("id", filter=Q(published=True)),
            unpublished_count=Count("id", filter=Q(published=False)),
            latest=Max("time", filter=Q(published=True)),
        )
    )
    blocked = OutboxEvent.objects.filter(pk=cursor.blocked_event_id).first() if cursor.blocked_event_id else None
    parked = ParkedEvent.objects.select_related("event").order_by("event_id")
    return OutboxStatus(
        unpublished=totals["count"],
        oldest_unpublished_at=totals["oldest"],
        cursor=cursor,
        blocked_event=blocked,
        parked=parked.count(),
        parked_events=list(parked[:parked_limit]),
        topics=[
            TopicCounts(row["topic"], row["published_count"], row["unpublished_count"], row["latest"])
            for row in per_topic
        ],
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
