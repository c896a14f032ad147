"""Query budgets of the list pages: the count is the same with one item of everything as with three."""

import pytest
from django.urls import reverse

from conference import services
from conference.models import ConferenceRole, Level, Room, SubmissionType, Track
from tests.factories import ConferenceFactory, ConferenceRoleFactory, UserFactory

pytestmark = pytest.mark.django_db

SIZES = [1, 3]


@pytest.fixture
def populated(conference, organiser):
    """`populated(size)`: size of every list, reviewers scoped to every track, and their events."""

    def fill(size: int) -> None:
        tracks = []
        for n in range(size):
            tracks.append(
                services.catalogue_item_create(
                    model=Track, conference=conference, by=organiser, name=f"Track {n}", slug=f"track-{n}"
                )
            )
            services.catalogue_item_create(
                model=Room, conference=conference, by=organiser, name=f"Room {n}", capacity=9
            )
            services.catalogue_item_create(
                model=SubmissionType, conference=conference, by=organiser, name=f"Type {n}", duration_minutes=30
            )
            services.catalogue_item_create(
                model=Level, conference=conference, by=organiser, name=f"Level {n}", slug=f"level-{n}"
            )
        for n in range(size):
            services.role_grant(
                conference=conference,
                user=UserFactory(),
                role=ConferenceRole.Role.REVIEWER,
                tracks=tracks,
                by=organiser,
            )
            other = ConferenceFactory(name=f"Public Summit {n}")
            ConferenceRoleFactory(conference=other, user=organiser, role=ConferenceRole.Role.ORGANISER)

    return fill


@pytest.mark.parametrize("size", SIZES)
def test_home_queries_do_not_grow_with_conferences(django_assert_num_queries, client_for, organiser, populated, size):
    populated(size)
    client = client_for(organiser)

    with django_assert_num_queries(8):
        client.get(reverse("home"))


@pytest.mark.parametrize("size", SIZES)
def test_home_anonymous_queries_do_not_grow_with_conferences(django_assert_num_queries, client, populated, size):
    populated(size)

    with django_assert_num_queries(1):
        client.get(reverse("home"))


@pytest.mark.parametrize("size", SIZES)
def test_public_conference_queries_do_not_grow_with_lists(
    django_assert_num_queries, client, conference, populated, size
):
    populated(size)

    # One of them asks whether a schedule is released, to link it.
    with django_assert_num_queries(6):
        client.get(reverse("public:conference", args=[conference.slug]))


@pytest.mark.parametrize("size", SIZES)
def test_dashboard_queries_do_not_grow_with_lists(
    django_assert_num_queries, client_for, organiser, conference, populated, size
):
    populated(size)
    client = client_for(organiser)

    with django_assert_num_queries(16):
        client.get(reverse("conference:dashboard", args=[conference.slug]))


@pytest.mark.parametrize("kind", ["tracks", "rooms", "types", "levels"])
@pytest.mark.parametrize("size", SIZES)
def test_catalogue_list_queries_do_not_grow_with_items(
    django_assert_num_queries, client_for, organiser, conference, populated, size, kind
):
    populated(size)
    client = client_for(organiser)

    with django_assert_num_queries(8):
        client.get(reverse("conference:catalogue", args=[conference.slug, kind]))


@pytest.mark.parametrize("size", SIZES)
def test_team_queries_do_not_grow_with_members(
    django_assert_num_queries, client_for, organiser, conference, populated, size
):
    populated(size)
    client = client_for(organiser)

    with django_assert_num_queries(10):
        client.get(reverse("conference:team", args=[conference.slug]))


@pytest.mark.parametrize("size", SIZES)
def test_event_log_queries_do_not_grow_with_events(
    django_assert_num_queries, client_for, organiser, conference, populated, size
):
    populated(size)
    client = client_for(organiser)

    # One of them reads the relay's cursor, which tells published events from waiting ones.
    with django_assert_num_queries(10):
        client.get(reverse("conference:events", args=[conference.slug]))
