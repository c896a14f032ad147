"""Query budgets of the office-hours lists: one slot or booking costs as many queries as three."""

import pytest
from django.urls import reverse

from tests.factories import BookingFactory, ConferenceRoleFactory, SlotFactory, UserFactory
from tests.factories.cfp import SubmissionFactory

pytestmark = pytest.mark.django_db

SIZES = [1, 3]


@pytest.fixture
def populated(conference, mentor, speaker):
    """`populated(size)`: per n, a free slot by the mentor and by another mentor, and a booking of the
    speaker with the mentor sharing a draft; plus submissions in both outcome groups."""

    def fill(size: int) -> None:
        for _ in range(size):
            other_mentor = ConferenceRoleFactory(conference=conference, role="mentor").user
            SlotFactory(conference=conference, mentor=mentor, capacity=2)
            SlotFactory(conference=conference, mentor=other_mentor)
            draft = SubmissionFactory(conference=conference, speakers=[speaker], state="draft")
            BookingFactory(
                slot=SlotFactory(conference=conference, mentor=mentor), speaker=speaker, shared_submission=draft
            )
            BookingFactory(
                slot=SlotFactory(conference=conference, mentor=mentor), speaker=UserFactory(), attendance="no_show"
            )
            SubmissionFactory(conference=conference, state="accepted")

    return fill


@pytest.mark.parametrize("size", SIZES)
def test_slot_list_queries_do_not_grow(django_assert_num_queries, client_for, speaker, conference, populated, size):
    populated(size)
    client = client_for(speaker)

    # The page's slots and their count: the list is paginated (tests/office_hours/test_slot_pages.py).
    with django_assert_num_queries(13):
        response = client.get(reverse("office_hours:slots", args=[conference.slug]))

    assert len(response.context["slots"]) == 2 * size


@pytest.mark.parametrize("size", SIZES)
def test_my_bookings_queries_do_not_grow(django_assert_num_queries, client_for, speaker, conference, populated, size):
    populated(size)
    client = client_for(speaker)

    with django_assert_num_queries(9):
        response = client.get(reverse("office_hours:mine", args=[conference.slug]))

    assert len(response.context["bookings"]) == size


@pytest.mark.parametrize("size", SIZES)
def test_mentor_home_queries_do_not_grow(django_assert_num_queries, client_for, mentor, conference, populated, size):
    populated(size)
    client = client_for(mentor)

    with django_assert_num_queries(16):
        response = client.get(reverse("office_hours:mentor-home", args=[conference.slug]))

    assert len(response.context["slots"]) == 3 * size


@pytest.mark.parametrize("size", SIZES)
def test_organiser_overview_queries_do_not_grow(
    django_assert_num_queries, organiser_client, conference, populated, size
):
    populated(size)

    with django_assert_num_queries(11):
        response = organiser_client.get(reverse("office_hours_manage:overview", args=[conference.slug]))

    assert len(response.context["mentors"]) == size + 1


@pytest.mark.parametrize("size", SIZES)
def test_api_slot_list_queries_do_not_grow(
    django_assert_num_queries, api_client_for, speaker, conference, populated, size
):
    populated(size)
    client = api_client_for(speaker)

    with django_assert_num_queries(5):
        response = client.get(reverse("office-hours-slot-list", kwargs={"conference_slug": conference.slug}))

    assert response.json()["count"] == 2 * size


@pytest.mark.parametrize("size", SIZES)
def test_api_booking_list_queries_do_not_grow(
    django_assert_num_queries, api_client_for, mentor, conference, populated, size
):
    populated(size)
    client = api_client_for(mentor)

    with django_assert_num_queries(4):
        response = client.get(reverse("office-hours-booking-list", kwargs={"conference_slug": conference.slug}))

    assert response.json()["count"] == 2 * size


@pytest.mark.parametrize("size", SIZES)
def test_settings_page_queries_do_not_grow(
    django_assert_num_queries, organiser_client, conference, oh_settings, populated, size
):
    populated(size)

    with django_assert_num_queries(8):
        response = organiser_client.get(reverse("office_hours_manage:settings", args=[conference.slug]))

    assert response.status_code == 200
    assert response.context["form"].instance == oh_settings
