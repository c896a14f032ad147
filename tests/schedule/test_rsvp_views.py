"""The seat pages: labels on the public schedule, the talk page's RSVP panel, the organisers'
sessions, lists, CSV and door check-in, and the API. Every refusal answers clearly and changes nothing;
page budgets are the same at two data sizes."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from events.models import OutboxEvent
from schedule.models import Favourite, Reservation, ScheduleSlot
from schedule.services.releases import release_publish
from schedule.services.rsvp import reservation_create, seating_configure
from schedule.services.slots import slot_move, slot_place_talk
from schedule.views import _programmes
from tests.factories import EmailAddressFactory, UserFactory

pytestmark = pytest.mark.django_db
SIZES = [1, 5]


@pytest.fixture
def seating(released, talk, organiser):
    return seating_configure(submission=talk, rsvp_required=True, capacity=4, by=organiser)


def _fans(count: int, prefix: str = "fan"):
    return [
        EmailAddressFactory(user__email=f"{prefix}{n}@summit.test", user__name=f"Fan {n}").user for n in range(count)
    ]


def test_labels_say_open_filling_full_and_waitlist(client, conference, seating, other_talk, organiser):
    other = seating_configure(submission=other_talk, rsvp_required=True, capacity=1, by=organiser)
    for fan in _fans(3):
        reservation_create(seating=seating, user=fan)
    for fan in _fans(2, "late"):
        reservation_create(seating=other, user=fan)

    body = client.get(reverse("schedule:seat-labels", args=[conference.slug])).content.decode()

    assert f'id="seats-{seating.submission.code}" class="seat-label seat-filling"' in body
    assert "1 seat left" in body
    assert f'id="seats-{other_talk.code}" class="seat-label seat-waitlist"' in body
    assert "waiting list 1" in body


def test_label_states_follow_the_share_taken():
    from schedule.attendance import label_of

    assert [label_of(100, 74, 0), label_of(100, 75, 0), label_of(100, 100, 0), label_of(100, 100, 3)] == [
        "open",
        "filling",
        "full",
        "waitlist",
    ]


def test_public_pages_carry_the_label_placeholder_and_stay_cached(
    client, conference, seating, django_assert_num_queries
):
    code = seating.submission.code
    for path in (
        f"/{conference.slug}/schedule/",
        f"/{conference.slug}/schedule/list/",
        f"/{conference.slug}/talks/{code}/",
    ):
        body = client.get(path).content.decode()
        assert f'id="seats-{code}"' in body, path
        assert reverse("schedule:seat-labels", args=[conference.slug]) in body
    reservation_create(seating=seating, user=_fans(1)[0])

    with django_assert_num_queries(0):  # a reservation does not touch the per-release page cache
        client.get(f"/{conference.slug}/schedule/")


@pytest.mark.parametrize("size", SIZES)
def test_seat_labels_queries_do_not_grow(
    django_assert_num_queries, client, conference, rooms, make_talk, organiser, at, size
):
    talks = [make_talk(f"Workshop {n}") for n in range(size)]
    for n, talk in enumerate(talks):
        slot_place_talk(
            conference=conference,
            submission=talk,
            room=rooms[n % 3],
            starts_at=at(n % 3, f"{10 + n // 3}:00"),
            by=organiser,
        )
    release_publish(conference=conference, version="v1", by=organiser)
    for talk in talks:
        seating_configure(submission=talk, rsvp_required=True, capacity=10, by=organiser)
    cache.clear()

    with django_assert_num_queries(3):  # the pointer, the release's conference, the seats
        body = client.get(reverse("schedule:seat-labels", args=[conference.slug])).content.decode()
    assert body.count("hx-swap-oob") == size
    with django_assert_num_queries(0):  # then cached for the minute
        client.get(reverse("schedule:seat-labels", args=[conference.slug]))


def test_panel_lets_a_signed_in_attendee_reserve_then_join_the_line(client_for, conference, talk, organiser, released):
    seating_configure(submission=talk, rsvp_required=True, capacity=1, by=organiser)
    first, second = _fans(2)
    url = reverse("schedule:rsvp", args=[conference.slug, talk.code])

    assert "Your seat is reserved." in client_for(first).post(url).content.decode()
    answer = client_for(second).post(url).content.decode()
    assert "you are on the waiting list" in answer
    assert "You are number 1 on the waiting list." in client_for(second).get(url).content.decode()


def test_panel_cancel_promotes_the_next_person(client_for, conference, talk, organiser, released):
    seating = seating_configure(submission=talk, rsvp_required=True, capacity=1, by=organiser)
    first, second = _fans(2)
    reservation_create(seating=seating, user=first)
    reservation_create(seating=seating, user=second)

    answer = client_for(first).post(reverse("schedule:rsvp-cancel", args=[conference.slug, talk.code]))

    assert "Your place is cancelled." in answer.content.decode()
    assert Reservation.objects.get(user=second).status == "confirmed"


def test_anonymous_rsvp_is_told_to_sign_in_and_changes_nothing(client, conference, seating):
    answer = client.post(reverse("schedule:rsvp", args=[conference.slug, seating.submission.code]))

    assert answer.status_code == 401
    assert "Sign in to reserve a seat." in answer.content.decode()
    assert not Reservation.objects.exists()


def test_rsvp_to_a_talk_without_rsvp_answers_400(client_for, conference, released, other_talk):
    answer = client_for(_fans(1)[0]).post(reverse("schedule:rsvp", args=[conference.slug, other_talk.code]))

    assert answer.status_code == 400
    assert "takes no reservations" in answer.content.decode()
    assert not Reservation.objects.exists()


def test_rsvp_twice_answers_400_and_keeps_one(client_for, conference, seating):
    client = client_for(_fans(1)[0])
    url = reverse("schedule:rsvp", args=[conference.slug, seating.submission.code])
    client.post(url)

    answer = client.post(url)

    assert answer.status_code == 400
    assert "You already have a place at this session." in answer.content.decode()
    assert Reservation.objects.count() == 1


def test_cancel_without_a_place_answers_400(client_for, conference, seating):
    answer = client_for(_fans(1)[0]).post(
        reverse("schedule:rsvp-cancel", args=[conference.slug, seating.submission.code])
    )

    assert answer.status_code == 400
    assert "You have no place at this session." in answer.content.decode()


def test_talk_page_says_where_a_moved_talk_went(client, conference, released, talk, rooms, organiser, at):
    slot_move(slot=ScheduleSlot.objects.get(submission=talk), room=rooms[2], starts_at=at(0, "11:30"), by=organiser)
    release_publish(conference=conference, version="v2", by=organiser)

    body = client.get(reverse("schedule:talk", args=[conference.slug, talk.code])).content.decode()

    assert "Moved from Golden Gate Mon 10:00 to Yosemite Mon 11:30 in schedule v2." in body


def test_feed_lists_the_sessions_a_person_holds_a_seat_at(client, conference, seating):
    from schedule.services.attendees import feed_token_for

    fan = _fans(1)[0]
    reservation_create(seating=seating, user=fan)

    body = client.get(reverse("schedule:feed", args=[conference.slug, feed_token_for(fan).token])).content

    assert body.count(b"BEGIN:VEVENT") == 1
    assert seating.submission.title.encode() in body


def test_releases_page_previews_who_will_be_told(organiser_client, conference, released, talk, rooms, organiser, at):
    fan, other = _fans(2)
    Favourite.objects.create(user=fan, submission=talk)
    Favourite.objects.create(user=other, submission=released.conference.submissions.exclude(pk=talk.pk).first())
    slot_move(slot=ScheduleSlot.objects.get(submission=talk), room=rooms[2], starts_at=at(0, "11:30"), by=organiser)

    body = organiser_client.get(reverse("schedule-manage:releases", args=[conference.slug])).content.decode()

    assert "1 attendee who starred or reserved a moved or cancelled talk will get one notice." in body
    assert f"{fan.email}): Exactly-once in practice" in body
    assert other.email not in body


def test_organiser_switches_rsvp_on_with_the_rooms_capacity(organiser_client, conference, released, talk, rooms):
    page = organiser_client.get(reverse("schedule-manage:sessions", args=[conference.slug])).content.decode()
    assert f'value="{rooms[1].capacity}"' in page

    organiser_client.post(
        reverse("schedule-manage:sessions", args=[conference.slug]),
        {"code": talk.code, "rsvp_required": "on", "capacity": "25"},
    )

    assert talk.seating.capacity == 25


def test_organiser_sees_exports_and_checks_in(organiser_client, conference, seating):
    seated, other = _fans(2)
    reservation = reservation_create(seating=seating, user=seated)
    code = seating.submission.code

    lists = organiser_client.get(reverse("schedule-manage:session", args=[conference.slug, code])).content.decode()
    csv = b"".join(
        organiser_client.get(reverse("schedule-manage:session-export", args=[conference.slug, code])).streaming_content
    )
    door = organiser_client.get(reverse("schedule-manage:door", args=[conference.slug, code]), {"q": "fan0"})
    url = reverse("schedule-manage:door-checkin", args=[conference.slug, code, reservation.code])
    organiser_client.post(url)
    again = organiser_client.post(url, follow=True)

    assert seated.email in lists
    assert csv.decode().splitlines()[1].startswith(f"Fan 0,{seated.email},Seat reserved,")
    assert seated.email in door.content.decode()
    assert "Fan 0 was already checked in." in again.content.decode()
    assert OutboxEvent.objects.filter(type="summit.schedule.checkin.recorded.v1").count() == 1


@pytest.mark.parametrize("size", SIZES)
def test_session_pages_queries_do_not_grow(django_assert_num_queries, organiser_client, conference, seating, size):
    for fan in _fans(size):
        reservation_create(seating=seating, user=fan)
    code = seating.submission.code

    with django_assert_num_queries(9):
        organiser_client.get(reverse("schedule-manage:session", args=[conference.slug, code]))
    with django_assert_num_queries(9):
        organiser_client.get(reverse("schedule-manage:door", args=[conference.slug, code]))
    with django_assert_num_queries(9):
        organiser_client.get(reverse("schedule-manage:sessions", args=[conference.slug]))


@pytest.mark.parametrize("size", SIZES)
def test_panel_queries_do_not_grow(django_assert_num_queries, client_for, conference, seating, size):
    for fan in _fans(size):
        reservation_create(seating=seating, user=fan)
    client = client_for(UserFactory())

    with django_assert_num_queries(7):
        client.get(reverse("schedule:rsvp", args=[conference.slug, seating.submission.code]))


def test_api_reserves_lists_mine_and_cancels(api_client_for, conference, seating):
    fan = _fans(1)[0]
    api = api_client_for(fan)
    url = reverse("schedule-api:rsvp", kwargs={"conference_slug": conference.slug, "code": seating.submission.code})

    created = api.post(url, format="json")
    twice = api.post(url, format="json")
    mine = api.get(reverse("schedule-api:my-rsvps", kwargs={"conference_slug": conference.slug}))
    cancelled = api.delete(url)

    assert (created.status_code, created.json()["status"]) == (201, "confirmed")
    assert twice.status_code == 400
    assert "already have a place" in str(twice.json())
    assert [item["talk"] for item in mine.json()] == [seating.submission.code]
    assert cancelled.status_code == 204
    assert Reservation.objects.get().status == "cancelled"


def test_api_rsvp_refuses_anonymous_and_sessions_without_rsvp(api_client_for, client, conference, seating, other_talk):
    url = reverse("schedule-api:rsvp", kwargs={"conference_slug": conference.slug, "code": seating.submission.code})
    none = reverse("schedule-api:rsvp", kwargs={"conference_slug": conference.slug, "code": other_talk.code})

    assert client.post(url).status_code in (401, 403)
    assert api_client_for(_fans(1)[0]).post(none, format="json").status_code == 404
    assert not Reservation.objects.exists()


def test_api_checkin_is_the_organisers_and_idempotent(api_client_for, organiser, conference, seating):
    fan = _fans(1)[0]
    reservation = reservation_create(seating=seating, user=fan)
    url = reverse("schedule-api:checkin", kwargs={"conference_slug": conference.slug, "code": seating.submission.code})

    refused = api_client_for(fan).post(url, {"reservation": reservation.code}, format="json")
    first = api_client_for(organiser).post(url, {"reservation": reservation.code}, format="json")
    second = api_client_for(organiser).post(url, {"reservation": reservation.code}, format="json")

    assert refused.status_code == 403
    assert (first.status_code, first.json()["already"], second.json()["already"]) == (200, False, True)


@pytest.mark.parametrize("size", SIZES)
def test_api_my_rsvps_queries_do_not_grow(
    django_assert_num_queries, api_client_for, conference, rooms, make_talk, organiser, at, size
):
    fan = _fans(1)[0]
    talks = [make_talk(f"Lab {n}") for n in range(size)]
    for n, talk in enumerate(talks):
        slot_place_talk(
            conference=conference,
            submission=talk,
            room=rooms[0],
            starts_at=at(n % 3, f"{10 + n // 3}:00"),
            by=organiser,
        )
    release_publish(conference=conference, version="v1", by=organiser)
    for talk in talks:
        reservation_create(
            seating=seating_configure(submission=talk, rsvp_required=True, capacity=3, by=organiser), user=fan
        )
    api = api_client_for(fan)
    _programmes.clear()

    with django_assert_num_queries(3):
        response = api.get(reverse("schedule-api:my-rsvps", kwargs={"conference_slug": conference.slug}))
    assert len(response.json()) == size


def test_panel_speaks_french(client_for, conference, seating):
    fan = EmailAddressFactory(user__email="fr@summit.test", user__locale="fr").user
    client = client_for(fan)

    answer = client.post(
        reverse("schedule:rsvp", args=[conference.slug, seating.submission.code]), HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert "Votre place est réservée." in answer.content.decode()
