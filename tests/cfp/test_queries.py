"""Query budgets of the call for papers' lists: one submission costs as many queries as five."""

import pytest
from django.urls import reverse

from tests.factories import ConferenceFactory, TrackFactory, UserFactory
from tests.factories.cfp import QuestionFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

SIZES = [1, 5]


@pytest.fixture
def populated(conference, speaker, catalogue):
    """`populated(size)`: `size` proposals by the speaker and a co-speaker, each in its own track, and
    as many by the speaker at other conferences; a duplicate pointer and an answer on each."""

    def fill(size: int) -> None:
        previous = None
        for n in range(size):
            track = TrackFactory(conference=conference)
            previous = SubmissionFactory(
                conference=conference,
                track=track,
                submission_type=catalogue["submission_type"],
                level=catalogue["level"],
                speakers=[speaker, UserFactory()],
                is_first_time_speaker=n % 2 == 0,
                possible_duplicate_of=previous,
            )
            previous.answers.create(question=QuestionFactory(conference=conference), value="yes")
            SubmissionFactory(conference=ConferenceFactory(), speakers=[speaker], state="draft")

    return fill


@pytest.mark.parametrize("size", SIZES)
def test_submission_list_queries_do_not_grow(
    django_assert_num_queries, client_for, organiser, conference, populated, size
):
    populated(size)
    client = client_for(organiser)

    with django_assert_num_queries(15):
        client.get(reverse("cfp-manage:submissions", args=[conference.slug]), {"search": "lesson"})


@pytest.mark.parametrize("size", SIZES)
def test_submission_export_queries_do_not_grow(
    django_assert_num_queries, client_for, organiser, conference, populated, size
):
    populated(size)
    client = client_for(organiser)

    with django_assert_num_queries(9):
        response = client.get(reverse("cfp-manage:export", args=[conference.slug]))
        rows = b"".join(response.streaming_content).decode().splitlines()

    assert len(rows) == size + 1


@pytest.mark.parametrize("size", SIZES)
def test_my_submissions_queries_do_not_grow(django_assert_num_queries, client_for, speaker, populated, size):
    populated(size)
    client = client_for(speaker)

    with django_assert_num_queries(7):
        response = client.get(reverse("cfp:mine"))

    assert len(response.context["submissions"]) == 2 * size


@pytest.mark.parametrize("size", SIZES)
def test_submission_api_list_queries_do_not_grow(
    django_assert_num_queries, api_client_for, organiser, conference, populated, size
):
    populated(size)
    client = api_client_for(organiser)

    with django_assert_num_queries(7):
        response = client.get(f"/api/conferences/{conference.slug}/submissions/")

    assert response.json()["count"] == size


@pytest.mark.parametrize("size", SIZES)
def test_submission_api_list_for_speaker_queries_do_not_grow(
    django_assert_num_queries, api_client_for, speaker, conference, populated, size
):
    populated(size)
    client = api_client_for(speaker)

    with django_assert_num_queries(7):
        response = client.get(f"/api/conferences/{conference.slug}/submissions/")

    assert response.json()["count"] == size
