"""The free-slot list in pages of 25: the filters survive the page links, a page past the last shows
the last, and one page costs the same queries whatever the number of slots."""

import re

import pytest
from django.urls import reverse

from office_hours.views import SLOTS_PER_PAGE
from tests.factories import ConferenceRoleFactory, SlotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def slots(conference, mentor):
    """`slots(n)`: n free slots by the mentor, an hour apart, in time order."""

    def make(count: int) -> list:
        return [SlotFactory(conference=conference, mentor=mentor) for _ in range(count)]

    return make


def booking_links(page: str, slug: str) -> list[str]:
    return re.findall(rf'href="/{slug}/office-hours/slots/([^/"]+)/"', page)


@pytest.mark.parametrize("size", [3, 60])
def test_slot_list_page_queries_do_not_grow(django_assert_num_queries, client_for, speaker, conference, slots, size):
    slots(size)
    client = client_for(speaker)

    with django_assert_num_queries(13):
        response = client.get(reverse("office_hours:slots", args=[conference.slug]))

    assert len(response.context["slots"]) == min(size, SLOTS_PER_PAGE)


def test_slot_list_second_page_shows_the_next_slots(client_for, speaker, conference, slots):
    made = slots(60)

    response = client_for(speaker).get(reverse("office_hours:slots", args=[conference.slug]), {"page": 2})

    assert [slot.code for slot in response.context["slots"]] == [slot.code for slot in made[25:50]]
    page = response.content.decode()
    assert booking_links(page, conference.slug) == [slot.code for slot in made[25:50]]
    assert '<nav class="pagination" aria-label="Pages of free slots">' in page
    assert re.search(r'href="\?page=2" aria-current="page">', page)
    assert 'href="?page=1" rel="prev"' in page and 'href="?page=3" rel="next"' in page


def test_slot_list_page_past_the_last_shows_the_last(client_for, speaker, conference, slots):
    made = slots(60)

    response = client_for(speaker).get(reverse("office_hours:slots", args=[conference.slug]), {"page": 9})

    assert response.status_code == 200
    assert response.context["page"].number == 3
    assert [slot.code for slot in response.context["slots"]] == [slot.code for slot in made[50:]]


def test_slot_list_page_that_is_not_a_number_shows_the_first(client_for, speaker, conference, slots):
    made = slots(30)

    response = client_for(speaker).get(reverse("office_hours:slots", args=[conference.slug]), {"page": "last"})

    assert response.context["page"].number == 1
    assert [slot.code for slot in response.context["slots"]] == [slot.code for slot in made[:25]]


def test_slot_list_page_links_keep_the_filters(client_for, speaker, conference, mentor, slots):
    slots(30)
    other = ConferenceRoleFactory(conference=conference, role="mentor").user
    SlotFactory(conference=conference, mentor=other)
    url = reverse("office_hours:slots", args=[conference.slug])

    response = client_for(speaker).get(url, {"kind": "office_hours", "mentor": mentor.pk, "page": 2})

    page = response.content.decode()
    assert len(response.context["slots"]) == 5
    assert f'href="?kind=office_hours&amp;mentor={mentor.pk}&amp;page=1" rel="prev"' in page


def test_slot_list_of_one_page_has_no_page_links(client_for, speaker, conference, slots):
    slots(SLOTS_PER_PAGE)

    page = client_for(speaker).get(reverse("office_hours:slots", args=[conference.slug])).content.decode()

    assert 'class="pagination"' not in page
