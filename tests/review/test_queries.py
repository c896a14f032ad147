"""Query budgets of the committee's pages and API lists: many rows cost as many queries as one."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from review.services.codes import pass_code_issue
from tests.factories import UserFactory
from tests.factories.cfp import SubmissionFactory
from tests.factories.review import (
    AssignmentFactory,
    BidFactory,
    ClarificationFactory,
    ReviewFactory,
    ReviewPhaseFactory,
    ScoreCategoryFactory,
)

pytestmark = pytest.mark.django_db

SIZES = [1, 5]


@pytest.fixture
def populated(conference, catalogue, reviewer, second_reviewer, categories):
    """`populated(size)`: `size` proposals assigned to both reviewers, by two speakers each, with a
    bid, a clarification, the second reviewer's review with scores, and every other one reviewed by
    the first reviewer too."""

    def fill(size: int) -> list:
        submissions = []
        for n in range(size):
            submission = SubmissionFactory(conference=conference, speakers=[UserFactory(), UserFactory()], **catalogue)
            for user in (reviewer, second_reviewer):
                AssignmentFactory(submission=submission, reviewer=user)
            BidFactory(submission=submission, reviewer=reviewer)
            ClarificationFactory(submission=submission, asked_by=second_reviewer)
            ReviewFactory(submission=submission, reviewer=second_reviewer, scores={categories[0]: 3, categories[1]: 5})
            if n % 2:
                ReviewFactory(submission=submission, reviewer=reviewer)
            submissions.append(submission)
        return submissions

    return fill


@pytest.mark.parametrize("size", [1, 200])
def test_reviewer_dashboard_queries_do_not_grow(
    django_assert_num_queries, client_for, reviewer, conference, populated, size
):
    populated(size)
    client = client_for(reviewer)

    with django_assert_num_queries(16):
        response = client.get(reverse("reviewing:home", args=[conference.slug]))

    assert response.context["total"] == size


@pytest.mark.parametrize("size", SIZES)
def test_bidding_queries_do_not_grow(django_assert_num_queries, client_for, reviewer, conference, populated, size):
    populated(size)
    client = client_for(reviewer)

    with django_assert_num_queries(13):
        response = client.get(reverse("reviewing:bids", args=[conference.slug]))

    assert len(response.context["submissions"]) == size


@pytest.mark.parametrize("size", SIZES)
def test_ranking_queries_do_not_grow(django_assert_num_queries, organiser_client, conference, populated, size):
    populated(size)

    with django_assert_num_queries(11):
        response = organiser_client.get(reverse("review-manage:ranking", args=[conference.slug]))

    assert len(response.context["rows"]) == size


@pytest.mark.parametrize("size", SIZES)
def test_assignment_page_queries_do_not_grow(django_assert_num_queries, organiser_client, conference, populated, size):
    populated(size)

    with django_assert_num_queries(13):
        response = organiser_client.get(reverse("review-manage:assignments", args=[conference.slug]))

    assert len(response.context["submissions"]) == size


@pytest.mark.parametrize("size", SIZES)
def test_outbox_queries_do_not_grow(
    django_assert_num_queries, organiser_client, conference, organiser, populated, size
):
    from review.services.decisions import decisions_make_bulk
    from review.services.notifications import notifications_prepare

    decisions_make_bulk(conference=conference, codes=[s.code for s in populated(size)], decision="reject", by=organiser)
    notifications_prepare(conference=conference, by=organiser)

    with django_assert_num_queries(10):
        response = organiser_client.get(reverse("review-manage:outbox", args=[conference.slug]))

    assert len(response.context["notifications"]) == 2 * size


@pytest.mark.parametrize("size", SIZES)
def test_review_submissions_api_queries_do_not_grow(
    django_assert_num_queries, api_client_for, reviewer, conference, populated, size
):
    populated(size)
    client = api_client_for(reviewer)

    with django_assert_num_queries(11):
        response = client.get(f"/api/conferences/{conference.slug}/review/submissions/")

    assert response.json()["count"] == size


@pytest.mark.parametrize("size", SIZES)
def test_reviews_api_queries_do_not_grow(django_assert_num_queries, organiser_api, conference, populated, size):
    populated(size)

    with django_assert_num_queries(6):
        response = organiser_api.get(f"/api/conferences/{conference.slug}/reviews/")

    assert response.json()["count"] == size + size // 2


@pytest.mark.parametrize("size", SIZES)
def test_ranking_api_queries_do_not_grow(django_assert_num_queries, organiser_api, conference, populated, size):
    populated(size)

    with django_assert_num_queries(6):
        response = organiser_api.get(f"/api/conferences/{conference.slug}/ranking/")

    assert len(response.json()) == size


@pytest.mark.parametrize("size", SIZES)
def test_pass_codes_api_queries_do_not_grow(
    django_assert_num_queries, organiser_api, conference, organiser, populated, size
):
    for submission in populated(size):
        for speaker in submission.speakers.all():
            pass_code_issue(submission=submission, speaker=speaker, kind="pass", by=organiser)

    with django_assert_num_queries(5):
        response = organiser_api.get(f"/api/conferences/{conference.slug}/pass-codes/")

    assert response.json()["count"] == 2 * size


@pytest.mark.parametrize("size", SIZES)
def test_speaker_decisions_queries_do_not_grow(
    django_assert_num_queries, client_for, conference, catalogue, speaker, second_reviewer, size
):
    for _ in range(size):
        submission = SubmissionFactory(conference=conference, speakers=[speaker], state="rejected", **catalogue)
        ClarificationFactory(submission=submission, asked_by=second_reviewer)
    client = client_for(speaker)

    with django_assert_num_queries(8):
        response = client.get(reverse("review-portal:decisions"))

    assert len(response.context["submissions"]) == size


@pytest.mark.parametrize("size", SIZES)
def test_review_setup_page_queries_do_not_grow(django_assert_num_queries, organiser_client, conference, track, size):
    """`size` consecutive phases, the first running now, and `size` score categories, every other one for a track."""
    now = timezone.now()
    for n in range(size):
        ReviewPhaseFactory(
            conference=conference,
            starts_at=now + dt.timedelta(days=7 * n - 1),
            ends_at=now + dt.timedelta(days=7 * n + 6),
        )
        ScoreCategoryFactory(conference=conference, position=n, track=track if n % 2 else None)

    with django_assert_num_queries(11):
        response = organiser_client.get(reverse("review-manage:setup", args=[conference.slug]))

    assert (len(response.context["phases"]), len(response.context["categories"])) == (size, size)
    assert response.context["current_phase"] == response.context["phases"][0]
