"""Live now/next and the room displays: what runs in each room at a moment, the messages before and
after the conference, the release's changes at a room's door, the organisers' preview of a moment,
and the per-minute cache."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from schedule.models import ScheduleSlot
from schedule.services.releases import release_publish
from schedule.services.slots import slot_move, slot_remove

pytestmark = pytest.mark.django_db


def now_url(conference, at=None):
    url = reverse("schedule:now", args=[conference.slug])
    return f"{url}?at={at.strftime('%Y-%m-%dT%H:%M')}" if at else url


def display_url(conference, room, at=None, partial=False):
    url = reverse("schedule:room-display", args=[conference.slug, room])
    query = "&".join(
        part for part in (f"at={at.strftime('%Y-%m-%dT%H:%M')}" if at else "", "partial=1" * partial) if part
    )
    return f"{url}?{query}" if query else url


def test_now_page_shows_each_rooms_current_and_next_talk(client_for, organiser, conference, released, at):
    response = client_for(organiser).get(now_url(conference, at(0, "10:15")))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Preview:" in body
    assert "Monday 30 September, 10:15" in body
    golden_gate = body.split(">Golden Gate</a>")[1].split("</tr>")[0]
    assert "Exactly-once in practice" in golden_gate
    assert "Consumer lag explained" in body.split(">Yosemite</a>")[1].split("</tr>")[0]
    assert "Nothing right now" in body.split(">Grand Ballroom</a>")[1].split("</tr>")[0]
    assert response["Cache-Control"] == "private, no-store"


def test_now_page_before_the_conference_names_its_first_day(client, conference, released):
    # The conference is in 2030: for the real clock it has not started.
    response = client.get(now_url(conference))

    assert response.status_code == 200
    assert "Kafka Summit Test starts on Monday 30 September 2030." in response.content.decode()
    assert reverse("schedule:day", args=[conference.slug, "2030-09-30"]) in response.content.decode()


def test_now_page_after_the_conference_says_it_has_ended(client_for, organiser, conference, released, at):
    response = client_for(organiser).get(now_url(conference, at(3, "09:00")))

    assert "Kafka Summit Test has ended: its last day was Monday 30 September 2030." in response.content.decode()


def test_now_page_next_talk_of_a_later_day_shows_its_day(
    client_for, organiser, conference, released, at, make_talk, rooms
):
    from schedule.services.slots import slot_place_talk

    tomorrow = make_talk("Kafka on the edge")
    slot_place_talk(conference=conference, submission=tomorrow, room=rooms[1], starts_at=at(1, "09:00"), by=organiser)
    release_publish(conference=conference, version="v2", by=organiser)

    body = client_for(organiser).get(now_url(conference, at(0, "11:30"))).content.decode()

    golden_gate = body.split(">Golden Gate</a>")[1].split("</tr>")[0]
    assert "Nothing right now" in golden_gate
    assert "Tue 1 Oct" in golden_gate and "Kafka on the edge" in golden_gate
    assert "Nothing more scheduled" in body.split(">Yosemite</a>")[1].split("</tr>")[0]


def test_now_page_preview_is_for_organisers_only(client_for, attendee, conference, released, at):
    response = client_for(attendee).get(now_url(conference, at(0, "10:15")))

    assert response.status_code == 403


def test_now_page_preview_of_a_bad_moment_is_a_clear_error(client_for, organiser, conference, released):
    response = client_for(organiser).get(reverse("schedule:now", args=[conference.slug]) + "?at=tomorrow")

    assert response.status_code == 400
    assert "“at” must be a date and time" in response.content.decode()


def test_now_page_fragment_polls_itself(client, conference, released, settings):
    settings.SCHEDULE_LIVE_POLL_SECONDS = 7

    response = client.get(now_url(conference) + "?partial=1")

    body = response.content.decode()
    assert body.lstrip().startswith('<section id="live-board"')
    assert 'hx-trigger="every 7s"' in body
    assert f'hx-get="{now_url(conference)}?partial=1"' in body
    assert "<html" not in body


def test_now_page_is_cached_per_minute_and_release(
    client, conference, released, organiser, rooms, django_capture_on_commit_callbacks
):
    first = client.get(now_url(conference))
    assert first.status_code == 200 and first["ETag"]
    second = client.get(now_url(conference), headers={"if-none-match": first["ETag"]})
    assert second.status_code == 304

    slot = ScheduleSlot.objects.get(submission__title="Exactly-once in practice")
    slot_move(slot=slot, room=rooms[0], starts_at=slot.starts_at, by=organiser)
    with django_capture_on_commit_callbacks(execute=True):  # publishing forgets the release pointer
        release_publish(conference=conference, version="v2", by=organiser)

    third = client.get(now_url(conference), headers={"if-none-match": first["ETag"]})
    assert third.status_code == 200
    assert "Schedule v2." in third.content.decode()


def test_now_page_of_a_private_conference_is_not_found(client, conference, released):
    conference.is_public = False
    conference.save()
    cache.clear()

    assert client.get(now_url(conference)).status_code == 404


def test_room_display_shows_current_and_next_in_the_room(
    client_for, organiser, conference, released, at, make_talk, rooms
):
    from schedule.services.slots import slot_place_talk

    later = make_talk("Kafka on the edge")
    slot_place_talk(conference=conference, submission=later, room=rooms[1], starts_at=at(0, "11:00"), by=organiser)
    release_publish(conference=conference, version="v2", by=organiser)

    response = client_for(organiser).get(display_url(conference, "golden-gate", at(0, "10:15")))

    assert response.status_code == 200
    body = response.content.decode()
    now, next_ = body.split('id="now-heading"')[1].split('id="next-heading"')
    assert "Exactly-once in practice" in now
    assert "Kafka on the edge" in next_
    assert '<h1 class="display-room">Golden Gate</h1>' in body
    assert "<nav" not in body
    assert ">10:15</time>" in body


def test_room_display_shows_a_talk_moved_here(client_for, organiser, conference, released, at, rooms):
    slot = ScheduleSlot.objects.get(submission__title="Exactly-once in practice")
    slot_move(slot=slot, room=rooms[2], starts_at=at(0, "11:00"), by=organiser)
    release_publish(conference=conference, version="v2", by=organiser)
    client = client_for(organiser)

    yosemite = client.get(display_url(conference, "yosemite", at(0, "10:15"))).content.decode()
    golden_gate = client.get(display_url(conference, "golden-gate", at(0, "10:15"))).content.decode()

    assert "Moved here from Golden Gate: “Exactly-once in practice” at 11:00" in yosemite
    assert '<p class="change-badge">Moved here from Golden Gate</p>' in yosemite
    assert "“Exactly-once in practice” has moved to Yosemite, at 11:00" in golden_gate


def test_room_display_shows_a_cancelled_talk_until_its_time_has_passed(client_for, organiser, conference, released, at):
    slot_remove(slot=ScheduleSlot.objects.get(submission__title="Consumer lag explained"), by=organiser)
    release_publish(conference=conference, version="v2", by=organiser)
    client = client_for(organiser)

    before = client.get(display_url(conference, "yosemite", at(0, "09:00"))).content.decode()
    after = client.get(display_url(conference, "yosemite", at(0, "18:00"))).content.decode()

    assert "Cancelled: “Consumer lag explained” (was at 10:00)" in before
    assert "Cancelled" not in after


def test_room_display_of_an_unknown_room_is_not_found(client, conference, released):
    assert client.get(display_url(conference, "no-such-room")).status_code == 404


def test_room_display_fragment_is_the_screen_only(client, conference, released):
    body = client.get(display_url(conference, "yosemite", partial=True)).content.decode()

    assert body.lstrip().startswith('<main id="display"')
    assert "The conference starts on Monday 30 September." in body


def test_live_minute_is_the_minute_of_the_clock(client, conference, released):
    response = client.get(now_url(conference))

    minute = timezone.now().astimezone(conference.tzinfo).replace(second=0, microsecond=0)
    assert (
        minute.isoformat()[:16] in response.content.decode()
        or (minute - dt.timedelta(minutes=1)).isoformat()[:16] in response.content.decode()
    )
