"""Query budgets of the organisers' slide pages: one talk (reviewer, extension) costs as many queries
as three."""

import datetime as dt

import pytest
from django.urls import reverse

from slides.services.lateness import deadline_extend, talk_flag_late
from slides.services.reminders import deadlines_tick
from tests.factories import SlideReviewerFactory, TrackFactory, UserFactory
from tests.factories.cfp import SubmissionFactory
from tests.slides.deadlines.helpers import DRAFT_DUE, london, schedule, upload

pytestmark = pytest.mark.django_db

SIZES = [1, 3]


@pytest.fixture
def populated(conference, room, organiser):
    """`populated(size)`: per n, a track with a late talk, a talk with a draft and a final, an
    unscheduled talk, an extension, and a slide reviewer for that track."""

    def fill(size: int) -> None:
        for n in range(size):
            track = TrackFactory(conference=conference)
            speakers = [UserFactory(), UserFactory()]
            late = SubmissionFactory(conference=conference, track=track, state="accepted", speakers=speakers)
            schedule(late, room, starts_at=london(9, 30, 9 + n))
            talk_flag_late(submission=late, now=DRAFT_DUE + dt.timedelta(minutes=1))
            done = SubmissionFactory(conference=conference, track=track, state="confirmed")
            schedule(done, room, starts_at=london(10, 1, 9 + n))
            upload(done, "draft")
            upload(done, "final")
            SubmissionFactory(conference=conference, track=track, state="accepted")
            deadline_extend(submission=done, kind="final", until=london(9, 29, 22), by=organiser, now=london(9, 1))
            SlideReviewerFactory(conference=conference, tracks=[track])

    return fill


@pytest.mark.parametrize("size", SIZES)
def test_dashboard_queries_do_not_grow(django_assert_num_queries, organiser_client, conference, populated, size):
    populated(size)

    with django_assert_num_queries(11):
        response = organiser_client.get(reverse("slides-manage:dashboard", args=[conference.slug]))

    assert len(response.context["board"].rows) == 3 * size
    assert len(response.context["board"].late) == size
    assert len(response.context["board"].extensions) == size


@pytest.mark.parametrize("size", SIZES)
def test_settings_page_queries_do_not_grow(django_assert_num_queries, organiser_client, conference, populated, size):
    populated(size)

    with django_assert_num_queries(11):
        response = organiser_client.get(reverse("slides-manage:settings", args=[conference.slug]))

    assert response.content.decode().count("Remove ") == size


@pytest.mark.parametrize("size", SIZES)
def test_talk_deadlines_queries_do_not_grow(
    django_assert_num_queries, organiser_client, conference, talk, organiser, size
):
    for n in range(size):
        deadline_extend(submission=talk, kind="final", until=london(9, 29, 20 + n), by=organiser, now=london(9, 1))

    with django_assert_num_queries(11):
        response = organiser_client.get(reverse("slides-manage:talk", args=[conference.slug, talk.code]))

    assert len(response.context["extensions"]) == size


@pytest.mark.parametrize("size", SIZES)
def test_a_quiet_tick_costs_the_same_however_many_talks(django_assert_num_queries, conference, track, room, size):
    """Once their reminders are out, talks cost beat no claim, lock or e-mail."""
    for n in range(size):
        schedule(SubmissionFactory(conference=conference, track=track, state="accepted"), room, london(9, 30, 9 + n))
    assert deadlines_tick(now=london(9, 14, 9))["reminders"] == size

    with django_assert_num_queries(4):
        assert deadlines_tick(now=london(9, 14, 10)) == {"flagged_late": 0, "reminders": 0, "digests": 0}
