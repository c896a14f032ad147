"""The organisers' editor and releases page, and the speakers' unavailability page."""

import pytest
from django.core import mail
from pytest_django.asserts import assertContains

from schedule.models import ScheduleRelease, ScheduleSlot, SpeakerUnavailability
from schedule.services.releases import release_publish
from schedule.services.slots import slot_move, slot_place_talk
from tests.factories import SpeakerUnavailabilityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["organiser", "site_admin"])
def test_editor_opens_for_organisers(client_for, person, conference, rooms, talk, who):
    response = client_for(person(who)).get(f"/manage/{conference.slug}/schedule/")

    assert response.status_code == 200
    assert talk.title in response.content.decode()


@pytest.mark.parametrize("who", ["reviewer", "attendee", "outsider", "other_organiser"])
def test_editor_is_refused_to_others(client_for, person, conference, who):
    assert client_for(person(who)).get(f"/manage/{conference.slug}/schedule/").status_code == 403


def test_editor_day_outside_the_conference_is_not_found(organiser_client, conference):
    assert organiser_client.get(f"/manage/{conference.slug}/schedule/2031-01-01/").status_code == 404


def test_editor_places_a_talk_and_shows_the_day(organiser_client, conference, rooms, talk):
    response = organiser_client.post(
        f"/manage/{conference.slug}/schedule/place/",
        {"item": f"talk:{talk.code}", "day": "2030-10-01", "room": rooms[1].pk, "start": "10:00"},
        follow=True,
    )

    slot = ScheduleSlot.objects.get(submission=talk)
    assert response.redirect_chain[-1][0] == f"/manage/{conference.slug}/schedule/2030-10-01/"
    assert (slot.room, slot.starts_at.astimezone(conference.tzinfo).hour) == (rooms[1], 10)
    assert "is placed" in response.content.decode()


def test_editor_moves_a_slot_and_warns_of_a_conflict(
    organiser_client, conference, rooms, talk, other_talk, organiser, at
):
    slot_place_talk(conference=conference, submission=talk, room=rooms[1], starts_at=at(0, "10:00"), by=organiser)
    other, _ = slot_place_talk(
        conference=conference, submission=other_talk, room=rooms[2], starts_at=at(0, "11:00"), by=organiser
    )

    response = organiser_client.post(
        f"/manage/{conference.slug}/schedule/place/",
        {"item": f"slot:{other.pk}", "day": "2030-09-30", "room": rooms[1].pk, "start": "10:10"},
        follow=True,
        HTTP_HX_REQUEST="true",
    )

    page = response.content.decode()
    assert "Golden Gate is double-booked" in page
    assert "2 warnings" in page


def test_editor_keeps_the_input_when_the_place_is_refused(organiser_client, conference, rooms, talk):
    response = organiser_client.post(
        f"/manage/{conference.slug}/schedule/place/",
        {"item": f"talk:{talk.code}", "day": "2030-10-01", "room": rooms[1].pk, "start": ""},
    )

    assert response.status_code == 400
    assert ScheduleSlot.objects.count() == 0
    assert 'value="talk:' in response.content.decode()


def test_editor_adds_a_block_across_all_rooms(organiser_client, conference, rooms):
    organiser_client.post(
        f"/manage/{conference.slug}/schedule/blocks/",
        {
            "block-kind": "lunch",
            "block-title": "Lunch",
            "block-day": "2030-09-30",
            "block-room": "",
            "block-start": "12:20",
            "block-end": "13:20",
        },
    )

    slot = ScheduleSlot.objects.get()
    assert (slot.kind, slot.room, slot.duration_minutes) == ("lunch", None, 60)


def test_editor_refuses_a_block_ending_before_it_starts(organiser_client, conference):
    response = organiser_client.post(
        f"/manage/{conference.slug}/schedule/blocks/",
        {
            "block-kind": "break",
            "block-title": "Coffee",
            "block-day": "2030-09-30",
            "block-room": "",
            "block-start": "12:20",
            "block-end": "12:00",
        },
    )

    assert response.status_code == 400
    assert "The slot must end after it starts." in response.content.decode()
    assert 'value="Coffee"' in response.content.decode()


def test_editor_removes_a_slot(organiser_client, conference, rooms, talk, organiser, at):
    slot, _ = slot_place_talk(
        conference=conference, submission=talk, room=rooms[1], starts_at=at(0, "10:00"), by=organiser
    )

    organiser_client.post(f"/manage/{conference.slug}/schedule/slots/{slot.pk}/remove/")

    assert ScheduleSlot.objects.count() == 0


def test_another_conferences_slot_cannot_be_removed(
    client_for, other_organiser, conference, rooms, talk, organiser, at
):
    slot, _ = slot_place_talk(
        conference=conference, submission=talk, room=rooms[1], starts_at=at(0, "10:00"), by=organiser
    )

    response = client_for(other_organiser).post(f"/manage/other-summit/schedule/slots/{slot.pk}/remove/")

    assert response.status_code == 404
    assert ScheduleSlot.objects.count() == 1


def test_releases_page_publishes_a_version(organiser_client, conference, rooms, talk, organiser, at):
    slot_place_talk(conference=conference, submission=talk, room=rooms[1], starts_at=at(0, "10:00"), by=organiser)
    mail.outbox.clear()

    response = organiser_client.post(
        f"/manage/{conference.slug}/schedule/releases/", {"version": "v1", "comment": "First"}, follow=True
    )

    assert ScheduleRelease.objects.get().version == "v1"
    assert "Version v1 is published." in response.content.decode()
    assert "1 talk added" in response.content.decode()


def test_releases_page_shows_where_and_when_a_moved_talk_was_and_is(
    organiser_client, released, conference, rooms, talk, organiser, at
):
    slot_move(slot=ScheduleSlot.objects.get(submission=talk), room=rooms[2], starts_at=at(1, "14:30"), by=organiser)
    release_publish(conference=conference, version="v2", by=organiser)

    response = organiser_client.get(f"/manage/{conference.slug}/schedule/releases/")

    assertContains(response, "Exactly-once in practice (Mon 30 Sep, 10:00, Golden Gate → Tue 1 Oct, 14:30, Yosemite)")


def test_releases_page_refuses_a_duplicate_version_and_keeps_the_note(organiser_client, released, conference):
    response = organiser_client.post(
        f"/manage/{conference.slug}/schedule/releases/", {"version": "v1", "comment": "Keep me"}
    )

    assert "There is already a release called v1." in response.content.decode()
    assert "Keep me" in response.content.decode()
    assert ScheduleRelease.objects.count() == 1


def test_speaker_declares_unavailability(client_for, speaker, conference, talk):
    client = client_for(speaker)

    response = client.post(
        f"/me/availability/{conference.slug}/", {"day": "2030-09-30", "start": "09:00", "end": "12:00"}, follow=True
    )

    found = SpeakerUnavailability.objects.get()
    assert (found.user, found.starts_at.astimezone(conference.tzinfo).hour) == (speaker, 9)
    assert "The organisers will not schedule you then." in response.content.decode()


def test_speaker_unavailability_keeps_bad_input(client_for, speaker, conference, talk):
    response = client_for(speaker).post(
        f"/me/availability/{conference.slug}/",
        {"day": "2030-09-30", "start": "12:00", "end": "09:00", "note": "Flight"},
    )

    assert "The end must be after the start." in response.content.decode()
    assert 'value="Flight"' in response.content.decode()


def test_unavailability_page_is_forbidden_for_non_speakers(client_for, outsider, conference):
    assert client_for(outsider).get(f"/me/availability/{conference.slug}/").status_code == 403


def test_unavailability_page_of_a_private_conference_is_not_found_for_non_speakers(client_for, outsider, conference):
    conference.is_public = False
    conference.save()

    assert client_for(outsider).get(f"/me/availability/{conference.slug}/").status_code == 404


def test_speaker_removes_their_own_unavailability_only(
    client_for, speaker, other_speaker, conference, talk, other_talk
):
    own = SpeakerUnavailabilityFactory(conference=conference, user=speaker)
    theirs = SpeakerUnavailabilityFactory(conference=conference, user=other_speaker)
    client = client_for(speaker)

    client.post(f"/me/availability/{conference.slug}/{own.pk}/remove/")
    refused = client.post(f"/me/availability/{conference.slug}/{theirs.pk}/remove/")

    assert refused.status_code == 404
    assert list(SpeakerUnavailability.objects.all()) == [theirs]


def test_accepted_speaker_finds_the_unavailability_page_from_their_proposal(client_for, speaker, conference, talk):
    page = client_for(speaker).get(f"/me/submissions/{talk.code}/").content.decode()

    assert f"/me/availability/{conference.slug}/" in page


def test_conference_page_links_the_released_schedule(client, conference, released):
    page = client.get(f"/{conference.slug}/").content.decode()

    assert f'href="/{conference.slug}/schedule/"' in page


def test_conference_page_without_release_has_no_schedule_link(client, conference):
    page = client.get(f"/{conference.slug}/").content.decode()

    assert f"/{conference.slug}/schedule/" not in page


def test_releases_page_names_a_double_booked_room_and_publishes_only_when_accepted(
    organiser_client, conference, rooms, talk, other_talk, organiser, at
):
    for submission in (talk, other_talk):
        slot_place_talk(
            conference=conference, submission=submission, room=rooms[1], starts_at=at(0, "10:00"), by=organiser
        )
    url = f"/manage/{conference.slug}/schedule/releases/"

    page = organiser_client.get(url).content.decode()
    refused = organiser_client.post(url, {"version": "v1", "comment": "Keep me"})
    accepted = organiser_client.post(
        url, {"version": "v1", "comment": "Keep me", "double_bookings_accepted": "on"}, follow=True
    )

    assert "Rooms double-booked in the draft" in page
    assert "Golden Gate is double-booked with “Consumer lag explained”." in page
    assert refused.status_code == 200
    refusal = refused.content.decode()
    assert "2 slots share their room with another at the same time" in refusal
    assert "Keep me" in refusal
    assert "Version v1 is published." in accepted.content.decode()
    assert ScheduleRelease.objects.get().version == "v1"


def test_releases_page_without_double_booking_asks_no_confirmation(organiser_client, released, conference):
    page = organiser_client.get(f"/manage/{conference.slug}/schedule/releases/").content.decode()

    assert "double_bookings_accepted" not in page
    assert "Rooms double-booked" not in page
