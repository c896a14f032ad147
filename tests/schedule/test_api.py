"""Schedule API: the released programme for anyone, slots for organisers, favourites for their owner."""

from urllib.parse import urlparse

import pytest

from schedule.models import Favourite, ScheduleSlot
from schedule.services.slots import slot_place_talk

pytestmark = pytest.mark.django_db


def url(conference, rest: str = "") -> str:
    return f"/api/conferences/{conference.slug}/schedule/{rest}"


def test_released_schedule_is_public(api_client_for, conference, released, talk):
    client = api_client_for(None)

    release = client.get(url(conference)).json()
    talks = client.get(url(conference, "talks/")).json()
    speakers = client.get(url(conference, "speakers/")).json()

    assert release["version"] == "v1" and len(release["slots"]) == 2
    assert talk.code in [entry["code"] for entry in talks]
    assert {entry["name"] for entry in speakers} == {"Ada Lovelace", "Alan Turing"}


def test_released_schedule_is_not_found_before_a_release(api_client_for, conference):
    response = api_client_for(None).get(url(conference))

    assert (response.status_code, response.json()["error"]) == (404, "not_found")


def test_organiser_creates_moves_and_deletes_slots_with_warnings(organiser_api, conference, rooms, talk, other_talk):
    first = organiser_api.post(
        url(conference, "slots/"),
        {"submission": talk.code, "room": rooms[1].pk, "starts_at": "2030-09-30T10:00:00-07:00"},
        format="json",
    )
    second = organiser_api.post(
        url(conference, "slots/"),
        {"submission": other_talk.code, "room": rooms[2].pk, "starts_at": "2030-09-30T10:00:00-07:00"},
        format="json",
    )
    moved = organiser_api.patch(
        url(conference, f"slots/{second.json()['id']}/"),
        {"room": rooms[1].pk, "starts_at": "2030-09-30T10:20:00-07:00"},
        format="json",
    )
    listed = organiser_api.get(url(conference, "slots/")).json()
    deleted = organiser_api.delete(url(conference, f"slots/{first.json()['id']}/"))

    assert (first.status_code, second.status_code, moved.status_code, deleted.status_code) == (201, 201, 200, 204)
    assert moved.json()["warnings"] == ["Golden Gate is double-booked with “Exactly-once in practice”."]
    assert [len(entry["warnings"]) for entry in listed] == [1, 1]
    assert ScheduleSlot.objects.count() == 1


def test_organiser_creates_a_block(organiser_api, conference):
    response = organiser_api.post(
        url(conference, "slots/"),
        {
            "kind": "lunch",
            "title": "Lunch",
            "starts_at": "2030-09-30T12:20:00-07:00",
            "ends_at": "2030-09-30T13:20:00-07:00",
        },
        format="json",
    )

    assert (response.status_code, response.json()["room"], response.json()["kind"]) == (201, None, "lunch")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"submission": "NOSUCH22", "starts_at": "2030-09-30T10:00:00-07:00"}, "submission"),
        ({"kind": "break", "title": "Break", "starts_at": "2030-09-30T10:00:00-07:00"}, "ends_at"),
        (
            {
                "kind": "break",
                "title": "Break",
                "room": 999999,
                "starts_at": "2030-09-30T10:00:00-07:00",
                "ends_at": "2030-09-30T10:30:00-07:00",
            },
            "room",
        ),
        ({"submission": "X"}, "starts_at"),
    ],
)
def test_slot_api_reports_bad_input_by_field(organiser_api, conference, payload, field):
    response = organiser_api.post(url(conference, "slots/"), payload, format="json")

    assert (response.status_code, response.json()["error"]) == (400, "invalid")
    assert field in response.json()["fields"]
    assert ScheduleSlot.objects.count() == 0


@pytest.mark.parametrize("who", ["attendee", "reviewer", "other_organiser"])
def test_slot_api_is_forbidden_for_non_organisers(api_client_for, person, conference, who):
    response = api_client_for(person(who)).get(url(conference, "slots/"))

    assert response.status_code == 403


def test_slot_api_needs_authentication(api_client_for, conference):
    assert api_client_for(None).get(url(conference, "slots/")).status_code == 401


def test_slot_api_cannot_touch_another_conferences_slot(
    api_client_for, other_organiser, conference, rooms, talk, organiser
):
    import datetime as dt

    slot, _ = slot_place_talk(
        conference=conference,
        submission=talk,
        room=rooms[1],
        starts_at=dt.datetime(2030, 9, 30, 17, 0, tzinfo=dt.UTC),
        by=organiser,
    )

    response = api_client_for(other_organiser).delete(f"/api/conferences/other-summit/schedule/slots/{slot.pk}/")

    assert response.status_code == 404
    assert ScheduleSlot.objects.count() == 1


def test_favourites_api_merges_a_browsers_stars_and_gives_the_feed(
    api_client_for, attendee, conference, talk, other_talk
):
    client = api_client_for(attendee)

    merged = client.post(url(conference, "favourites/"), {"codes": [talk.code]}, format="json").json()
    added = client.put(url(conference, f"favourites/{other_talk.code}/")).json()
    removed = client.delete(url(conference, f"favourites/{talk.code}/")).json()

    assert merged["codes"] == [talk.code]
    assert added["codes"] == [talk.code, other_talk.code]
    assert removed["codes"] == [other_talk.code]
    assert removed["feed_url"].endswith(f"/{conference.slug}/schedule/feed/{attendee.schedule_feed.token}.ics")
    assert list(Favourite.objects.values_list("user", flat=True)) == [attendee.pk]


def test_favourites_api_needs_authentication(api_client_for, conference):
    assert api_client_for(None).get(url(conference, "favourites/")).status_code == 401


def test_favourites_api_of_a_talk_elsewhere_is_not_found(api_client_for, attendee, conference, other_conference):
    from tests.factories.cfp import SubmissionFactory

    elsewhere = SubmissionFactory(conference=other_conference, state="confirmed")

    response = api_client_for(attendee).put(url(conference, f"favourites/{elsewhere.code}/"))

    assert response.status_code == 404


def test_feed_reset_gives_a_new_address_and_retires_the_old(api_client_for, client, attendee, conference, released):
    api = api_client_for(attendee)
    old = api.get(url(conference, "favourites/")).json()["feed_url"]

    new = api.post(url(conference, "favourites/feed/reset/")).json()["feed_url"]

    assert new != old
    assert client.get(urlparse(old).path).status_code == 404
    assert client.get(urlparse(new).path).status_code == 200
