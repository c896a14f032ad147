"""Query budgets of the API lists: the count is the same with one row as with three."""

import pytest
from django.urls import reverse

from tests.factories import (
    ConferenceFactory,
    ConferenceRoleFactory,
    LevelFactory,
    RoomFactory,
    SubmissionTypeFactory,
    TrackFactory,
)

pytestmark = pytest.mark.django_db

SIZES = [1, 3]
LISTS = [
    ("tracks", TrackFactory),
    ("rooms", RoomFactory),
    ("submission-types", SubmissionTypeFactory),
    ("levels", LevelFactory),
]


@pytest.mark.parametrize("size", SIZES)
def test_conference_list_queries_do_not_grow_with_conferences(
    django_assert_num_queries, organiser_api, organiser, size
):
    for _ in range(size):
        ConferenceFactory()
        ConferenceRoleFactory(user=organiser, conference=ConferenceFactory(is_public=False))

    with django_assert_num_queries(4):
        response = organiser_api.get(reverse("conference-list"))

    assert response.json()["count"] == 2 * size + 1


@pytest.mark.parametrize("size", SIZES)
def test_conference_list_anonymous_queries_do_not_grow_with_conferences(
    django_assert_num_queries, api_client_for, size
):
    ConferenceFactory.create_batch(size)

    with django_assert_num_queries(2):
        response = api_client_for(None).get(reverse("conference-list"))

    assert response.json()["count"] == size


@pytest.mark.parametrize("prefix, factory", LISTS)
@pytest.mark.parametrize("size", SIZES)
def test_catalogue_list_queries_do_not_grow_with_items(
    django_assert_num_queries, organiser_api, conference, size, prefix, factory
):
    factory.create_batch(size, conference=conference)
    url = reverse(f"conference-{prefix}-list", kwargs={"conference_slug": conference.slug})

    with django_assert_num_queries(4):
        response = organiser_api.get(url)

    assert response.json()["count"] == size
