"""Query budgets of the schedule: one talk costs as many queries as five, on every public page,
export, the editor and the API lists. Public pages are measured on a cold cache."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from schedule.models import ScheduleSlot
from schedule.services.attendees import favourite_add, feed_token_for
from schedule.services.releases import release_publish
from schedule.services.slots import slot_create_block, slot_place_talk
from schedule.views import _programmes
from tests.factories import RoomFactory, SpeakerUnavailabilityFactory, TrackFactory, UserFactory

pytestmark = pytest.mark.django_db

SIZES = [1, 5]


@pytest.fixture
def populated(conference, rooms, make_talk, organiser, at, attendee, speaker):
    """`populated(size)`: `size` talks by two speakers each, in their own tracks, placed and
    released with a lunch across all rooms; the attendee stars all of them. Returns a talk and a speaker code."""

    def fill(size: int):
        talks = []
        for n in range(size):
            talk = make_talk(
                f"Talk {n}",
                speakers=[speaker if n == 0 else UserFactory(), UserFactory()],
                track=TrackFactory(conference=conference),
            )
            slot_place_talk(
                conference=conference,
                submission=talk,
                room=rooms[n % 3],
                starts_at=at(n % 3, f"{10 + n // 3}:00"),
                by=organiser,
            )
            favourite_add(user=attendee, submission=talk)
            talks.append(talk)
        slot_create_block(
            conference=conference,
            kind="lunch",
            title="Lunch",
            room=None,
            starts_at=at(0, "12:20"),
            ends_at=at(0, "13:20"),
            by=organiser,
        )
        release_publish(conference=conference, version="v1", by=organiser)
        return talks[0], speaker.speaker_code.code

    return fill


# The pointer (release id and media generation: one query), the release; pages that show the talks'
# published decks and videos read them too (two queries).
PUBLIC_PAGES = [
    ("grid", "/{slug}/schedule/", 2),
    ("grid filtered", "/{slug}/schedule/?track=core&level=intermediate&q=talk", 2),
    ("list", "/{slug}/schedule/list/", 2),
    ("favourites", "/{slug}/schedule/favourites/", 2),
    ("talk", "/{slug}/talks/{talk}/", 4),
    ("speakers", "/{slug}/speakers/", 2),
    ("speaker", "/{slug}/speakers/{speaker}/", 2),
    ("xml", "/{slug}/schedule.xml", 4),
    ("json", "/{slug}/schedule.json", 4),
    ("ics", "/{slug}/schedule.ics", 2),
    ("now", "/{slug}/now/", 2),
    ("now fragment", "/{slug}/now/?partial=1", 2),
    ("room display", "/{slug}/rooms/golden-gate/display/", 2),
    ("manifest", "/{slug}/manifest.webmanifest", 2),
    ("service worker", "/{slug}/service-worker.js", 2),
    ("offline list", "/{slug}/offline.json", 2),
]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("name", "path", "queries"), PUBLIC_PAGES, ids=[page[0] for page in PUBLIC_PAGES])
def test_public_page_queries_do_not_grow(
    django_assert_num_queries, client, conference, populated, size, name, path, queries
):
    talk, speaker_code = populated(size)
    cache.clear()
    _programmes.clear()

    with django_assert_num_queries(queries):
        response = client.get(path.format(slug=conference.slug, talk=talk.code, speaker=speaker_code))

    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_cached_public_page_makes_no_query(django_assert_num_queries, client, conference, populated, size):
    populated(size)
    client.get(f"/{conference.slug}/schedule/")

    with django_assert_num_queries(0):
        client.get(f"/{conference.slug}/schedule/")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", ["/{slug}/now/?at={at}", "/{slug}/rooms/golden-gate/display/?at={at}"])
def test_live_preview_during_the_conference_queries_do_not_grow(
    django_assert_num_queries, client_for, organiser, conference, populated, at, size, path
):
    """Every room has a talk now and next at 10:15 on the first day (the largest board)."""
    populated(size)
    client = client_for(organiser)
    cache.clear()
    _programmes.clear()

    # The session and its user, the conference and the organiser's role (the policy), the pointer, the release.
    with django_assert_num_queries(6):
        response = client.get(path.format(slug=conference.slug, at="2030-09-30T10:15"))

    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "path", ["/{slug}/now/", "/{slug}/rooms/golden-gate/display/?partial=1", "/{slug}/offline.json"]
)
def test_cached_live_and_offline_pages_make_no_query(
    django_assert_num_queries, client, conference, populated, size, path
):
    populated(size)
    client.get(path.format(slug=conference.slug))

    with django_assert_num_queries(0):
        response = client.get(path.format(slug=conference.slug))

    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_favourites_feed_queries_do_not_grow(django_assert_num_queries, client, conference, populated, attendee, size):
    populated(size)
    token = feed_token_for(attendee).token
    cache.clear()
    _programmes.clear()

    # The pointer, the feed's owner, the release, the stars and the seats held.
    with django_assert_num_queries(5):
        response = client.get(f"/{conference.slug}/schedule/feed/{token}.ics")

    assert response.content.count(b"BEGIN:VEVENT") == size


@pytest.mark.parametrize("size", SIZES)
def test_editor_queries_do_not_grow(
    django_assert_num_queries, organiser_client, conference, populated, make_talk, size
):
    populated(size)
    for n in range(size):
        make_talk(f"Waiting {n}", speakers=[UserFactory()])

    # The filters' choices (tracks, formats) are two of them.
    with django_assert_num_queries(18):
        response = organiser_client.get(f"/manage/{conference.slug}/schedule/")

    assert len(response.context["unscheduled"]) == size


@pytest.mark.parametrize("size", SIZES)
def test_slot_api_list_queries_do_not_grow(django_assert_num_queries, organiser_api, conference, populated, size):
    populated(size)

    with django_assert_num_queries(6):
        response = organiser_api.get(f"/api/conferences/{conference.slug}/schedule/slots/")

    assert len(response.json()) == size + 1


@pytest.mark.parametrize("size", SIZES)
def test_release_publish_queries_do_not_grow(django_assert_num_queries, conference, populated, organiser, size):
    populated(size)

    # Its event is one insert: the outbox row (the relay keeps no per-event bookkeeping). Three reads
    # look for a double-booked room first (the slots, their speakers, the unavailabilities); the
    # sessions' seats follow the release (one locked read; no talk moved, so nobody to notify).
    with django_assert_num_queries(25):
        release_publish(conference=conference, version="v2", by=organiser)


@pytest.mark.parametrize("size", SIZES)
def test_releases_page_queries_do_not_grow(
    django_assert_num_queries, organiser_client, conference, populated, organiser, size
):
    """`size` + 1 published versions, and a first speaker away during each of the `size` talks."""
    populated(size)
    for n in range(size):
        release_publish(conference=conference, version=f"v{n + 2}", by=organiser)
    for slot in ScheduleSlot.objects.filter(conference=conference, submission__isnull=False):
        SpeakerUnavailabilityFactory(
            conference=conference, user=slot.submission.speakers.first(), starts_at=slot.starts_at, ends_at=slot.ends_at
        )

    # The change-notice preview: the latest release, the draft's slots and rooms (no talk moved).
    with django_assert_num_queries(15):
        response = organiser_client.get(reverse("schedule-manage:releases", args=[conference.slug]))

    assert len(response.context["releases"]) == size + 1
    assert response.context["warning_count"] == size


@pytest.mark.parametrize("size", SIZES)
def test_speaker_unavailability_page_queries_do_not_grow(
    django_assert_num_queries, client_for, conference, talk, speaker, at, size
):
    for n in range(size):
        SpeakerUnavailabilityFactory(
            conference=conference,
            user=speaker,
            starts_at=at(n % 3, f"{9 + n:02d}:00"),
            ends_at=at(n % 3, f"{9 + n:02d}:30"),
            note=f"Flight {n}",
        )
    client = client_for(speaker)

    with django_assert_num_queries(8):
        response = client.get(reverse("schedule:unavailability", args=[conference.slug]))

    assert len(response.context["unavailabilities"]) == size


@pytest.fixture
def printable(conference, make_talk, organiser, at):
    """`printable(talks, rooms)`: `talks` talks, each by two speakers in a track of its own, spread over
    `rooms` rooms and two days, with a lunch across all rooms; released."""

    def fill(talks: int, rooms: int) -> None:
        halls = [RoomFactory(conference=conference, name=f"Hall {n}", position=n) for n in range(rooms)]
        for n in range(talks):
            talk = make_talk(
                f"Talk {n}", speakers=[UserFactory(), UserFactory()], track=TrackFactory(conference=conference)
            )
            slot_place_talk(
                conference=conference,
                submission=talk,
                room=halls[n % rooms],
                starts_at=at(n % 2, f"{10 + n // (2 * rooms)}:00"),
                by=organiser,
            )
        slot_create_block(
            conference=conference,
            kind="lunch",
            title="Lunch",
            room=None,
            starts_at=at(0, "12:20"),
            ends_at=at(0, "13:20"),
            by=organiser,
        )
        release_publish(conference=conference, version="v1", by=organiser)

    return fill


PRINTABLE_SIZES = [(2, 1), (6, 3)]


# WeasyPrint renders from the release's snapshot: the pointer and the release, whatever the size.
@pytest.mark.parametrize(("talks", "rooms"), PRINTABLE_SIZES, ids=["2 talks in 1 room", "6 talks in 3 rooms"])
@pytest.mark.parametrize("name", ["programme.pdf", "door-signs.pdf"])
def test_printable_pdf_queries_do_not_grow(
    django_assert_num_queries, client, conference, printable, talks, rooms, name
):
    printable(talks, rooms)
    cache.clear()
    _programmes.clear()

    with django_assert_num_queries(2):
        response = client.get(f"/{conference.slug}/schedule/print/{name}")

    assert response.status_code == 200 and response.content.startswith(b"%PDF")


# The conference and its access check, the pointer, the release; the release and the talks list
# overlay the published decks and videos (two queries).
PUBLIC_API = [("release", "", 5), ("talks", "talks/", 5), ("speakers", "speakers/", 3)]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("name", "suffix", "queries"), PUBLIC_API, ids=[api[0] for api in PUBLIC_API])
def test_public_schedule_api_queries_do_not_grow(
    django_assert_num_queries, client, conference, populated, size, name, suffix, queries
):
    populated(size)
    cache.clear()

    with django_assert_num_queries(queries):
        response = client.get(f"/api/conferences/{conference.slug}/schedule/{suffix}")

    assert response.status_code == 200
    with django_assert_num_queries(0):
        assert client.get(f"/api/conferences/{conference.slug}/schedule/{suffix}").content == response.content
