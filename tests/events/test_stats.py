"""The stats read model as the organiser dashboard shows it: right figures, planned queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events import selectors
from events.models import DailyEventCount, DailySubmissionCount, ReviewerReviewCount
from events.selectors import DayCount, TrackCount
from events.services import source_for

pytestmark = pytest.mark.django_db

DAY = dt.date(2030, 3, 1)


def fill(source: str, days: int, start: int = 0) -> None:
    for offset in range(start, start + days):
        day = DAY + dt.timedelta(days=offset)
        DailyEventCount.objects.create(source=source, type="summit.cfp.submission.submitted.v1", day=day, count=3)
        DailyEventCount.objects.create(source=source, type="summit.review.review.submitted.v1", day=day, count=2)
        DailySubmissionCount.objects.create(source=source, track=f"track-{offset}", day=day, count=3)
        ReviewerReviewCount.objects.create(source=source, reviewer_id=offset + 1, count=offset + 1)


def test_stats_for_source_sums_per_day_and_keeps_sources_apart():
    fill("/summit/current", days=2)
    fill("/summit/other", days=1)

    stats = selectors.stats_for_source("/summit/current")

    assert stats.events_per_day == [DayCount(DAY + dt.timedelta(days=1), 5), DayCount(DAY, 5)]
    assert stats.events_per_type == {"summit.cfp.submission.submitted.v1": 6, "summit.review.review.submitted.v1": 4}
    assert stats.submissions_per_track == [
        TrackCount("track-0", 3, [DayCount(DAY, 3)]),
        TrackCount("track-1", 3, [DayCount(DAY + dt.timedelta(days=1), 3)]),
    ]
    assert stats.reviews_per_reviewer == {2: 2, 1: 1}


def test_stats_for_source_without_figures_is_empty():
    assert selectors.stats_for_source("/summit/nothing-yet").is_empty is True


@pytest.mark.parametrize("days", [1, 3])
def test_stats_for_source_query_count_does_not_grow_with_data(days):
    fill("/summit/current", days=days)

    with CaptureQueriesContext(connection) as queries:
        selectors.stats_for_source("/summit/current")

    assert len(queries) == 3


def test_dashboard_shows_the_conferences_figures(organiser_client, conference):
    fill(source_for(conference.slug), days=2)

    response = organiser_client.get(reverse("conference:dashboard", args=[conference.slug]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Events per day" in page
    assert "track-1" in page
    assert "User #2" in page


def test_dashboard_query_count_does_not_grow_with_figures(organiser_client, conference):
    url = reverse("conference:dashboard", args=[conference.slug])
    fill(source_for(conference.slug), days=1)
    organiser_client.get(url)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as few:
        organiser_client.get(url)
    fill(source_for(conference.slug), days=3, start=1)

    with CaptureQueriesContext(connection) as many:
        organiser_client.get(url)

    assert len(many) == len(few)
