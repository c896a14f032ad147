"""Slots, conflicts, releases and what speakers and attendees write, through the services."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from events.models import OutboxEvent
from schedule import selectors
from schedule.models import Favourite, ScheduleRelease, ScheduleSlot
from schedule.services.attendees import (
    favourite_add,
    favourite_remove,
    favourites_merge,
    feed_token_for,
    feed_token_reset,
    unavailability_declare,
    unavailability_remove,
)
from schedule.services.releases import release_publish
from schedule.services.slots import slot_create_block, slot_move, slot_place_talk, slot_remove
from tests.factories import RoomFactory
from tests.factories.cfp import SubmissionFactory

pytestmark = pytest.mark.django_db


def event_types() -> list[str]:
    return list(OutboxEvent.objects.order_by("id").values_list("type", flat=True))


def kinds(conflicts) -> list[str]:
    return sorted(conflict.kind for conflict in conflicts)


def test_slot_place_talk_takes_the_format_duration_and_emits(conference, rooms, talk, organiser, at):
    slot, conflicts = slot_place_talk(
        conference=conference, submission=talk, room=rooms[1], starts_at=at(0, "10:00"), by=organiser
    )

    assert (slot.kind, slot.duration_minutes, conflicts) == ("talk", 40, [])
    assert event_types()[-1] == "summit.schedule.slot.created.v1"


def test_slot_place_talk_without_room_is_a_keynote_across_all_rooms(conference, rooms, talk, organiser, at):
    slot, _ = slot_place_talk(conference=conference, submission=talk, room=None, starts_at=at(0, "09:00"), by=organiser)

    assert (slot.kind, slot.room) == ("keynote", None)


@pytest.mark.parametrize("state", ["submitted", "rejected", "withdrawn"])
def test_slot_place_talk_refuses_a_talk_not_accepted(conference, rooms, make_talk, organiser, at, state):
    proposal = make_talk("Not in the programme", state=state)

    with pytest.raises(ValidationError) as error:
        slot_place_talk(
            conference=conference, submission=proposal, room=rooms[1], starts_at=at(0, "10:00"), by=organiser
        )

    assert "submission" in error.value.message_dict
    assert ScheduleSlot.objects.count() == 0


def test_slot_place_talk_refuses_a_second_slot_for_the_same_talk(conference, rooms, talk, organiser, at):
    slot_place_talk(conference=conference, submission=talk, room=rooms[1], starts_at=at(0, "10:00"), by=organiser)

    with pytest.raises(ValidationError, match="already in the schedule"):
        slot_place_talk(conference=conference, submission=talk, room=rooms[2], starts_at=at(1, "10:00"), by=organiser)


def test_slot_place_talk_refuses_another_conferences_room(conference, other_conference, talk, organiser, at):
    foreign = RoomFactory(conference=other_conference)

    with pytest.raises(ValidationError) as error:
        slot_place_talk(conference=conference, submission=talk, room=foreign, starts_at=at(0, "10:00"), by=organiser)

    assert "room" in error.value.message_dict


def test_slot_place_talk_refuses_a_day_outside_the_conference(conference, rooms, talk, organiser, at):
    with pytest.raises(ValidationError) as error:
        slot_place_talk(conference=conference, submission=talk, room=rooms[1], starts_at=at(3, "10:00"), by=organiser)

    assert "starts_at" in error.value.message_dict


def test_room_double_booking_is_a_warning_on_both_slots(conference, rooms, talk, other_talk, organiser, at):
    first, _ = slot_place_talk(
        conference=conference, submission=talk, room=rooms[1], starts_at=at(0, "10:00"), by=organiser
    )
    second, conflicts = slot_place_talk(
        conference=conference, submission=other_talk, room=rooms[1], starts_at=at(0, "10:20"), by=organiser
    )

    assert kinds(conflicts) == ["room"]
    assert ScheduleSlot.objects.count() == 2


def test_block_across_all_rooms_clashes_with_talks(conference, rooms, talk, organiser, at):
    slot_place_talk(conference=conference, submission=talk, room=rooms[2], starts_at=at(0, "10:00"), by=organiser)

    _, conflicts = slot_create_block(
        conference=conference,
        kind="lunch",
        title="Lunch",
        room=None,
        starts_at=at(0, "10:30"),
        ends_at=at(0, "11:30"),
        by=organiser,
    )

    assert kinds(conflicts) == ["room"]


def test_speaker_in_two_places_is_a_warning(conference, rooms, make_talk, speaker, organiser, at):
    first = make_talk("One", speakers=[speaker])
    second = make_talk("Two", speakers=[speaker])
    slot_place_talk(conference=conference, submission=first, room=rooms[1], starts_at=at(0, "10:00"), by=organiser)

    _, conflicts = slot_place_talk(
        conference=conference, submission=second, room=rooms[2], starts_at=at(0, "10:30"), by=organiser
    )

    assert kinds(conflicts) == ["speaker"]
    assert "Ada Lovelace" in conflicts[0].message


def test_slot_shorter_than_the_format_is_a_warning(conference, rooms, make_talk, workshop_type, organiser, at):
    workshop = make_talk("Hands-on Kafka Streams", submission_type=workshop_type)

    _, conflicts = slot_place_talk(
        conference=conference,
        submission=workshop,
        room=rooms[1],
        starts_at=at(0, "10:00"),
        ends_at=at(0, "10:40"),
        by=organiser,
    )

    assert kinds(conflicts) == ["duration"]
    assert "90" in conflicts[0].message


def test_speaker_unavailability_is_a_warning(conference, rooms, talk, speaker, organiser, at):
    unavailability_declare(conference=conference, user=speaker, starts_at=at(0, "09:00"), ends_at=at(0, "12:00"))

    _, conflicts = slot_place_talk(
        conference=conference, submission=talk, room=rooms[1], starts_at=at(0, "11:00"), by=organiser
    )

    assert kinds(conflicts) == ["unavailable"]


def test_slot_create_block_needs_a_title_and_a_block_kind(conference, organiser, at):
    with pytest.raises(ValidationError) as error:
        slot_create_block(
            conference=conference,
            kind="lunch",
            title=" ",
            room=None,
            starts_at=at(0, "12:00"),
            ends_at=at(0, "13:00"),
            by=organiser,
        )
    assert "title" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        slot_create_block(
            conference=conference,
            kind="talk",
            title="Talk",
            room=None,
            starts_at=at(0, "12:00"),
            ends_at=at(0, "13:00"),
            by=organiser,
        )
    assert "kind" in error.value.message_dict


def test_slot_create_block_refuses_an_end_before_the_start(conference, organiser, at):
    with pytest.raises(ValidationError) as error:
        slot_create_block(
            conference=conference,
            kind="break",
            title="Break",
            room=None,
            starts_at=at(0, "12:00"),
            ends_at=at(0, "11:00"),
            by=organiser,
        )

    assert "ends_at" in error.value.message_dict


def test_slot_move_keeps_the_length_and_emits_the_previous_place(conference, rooms, talk, organiser, at):
    slot, _ = slot_place_talk(
        conference=conference, submission=talk, room=rooms[1], starts_at=at(0, "10:00"), by=organiser
    )

    moved, conflicts = slot_move(slot=slot, room=rooms[2], starts_at=at(1, "14:00"), by=organiser)

    assert (moved.room, moved.starts_at, moved.duration_minutes, conflicts) == (rooms[2], at(1, "14:00"), 40, [])
    event = OutboxEvent.objects.order_by("id").last()
    assert (event.type, event.data["previous"]["room"]) == ("summit.schedule.slot.moved.v1", "Golden Gate")


def test_slot_move_refuses_a_talk_without_room(conference, rooms, talk, organiser, at):
    slot, _ = slot_place_talk(
        conference=conference, submission=talk, room=rooms[1], starts_at=at(0, "10:00"), by=organiser
    )

    with pytest.raises(ValidationError) as error:
        slot_move(slot=slot, room=None, starts_at=at(0, "11:00"), by=organiser)

    assert "room" in error.value.message_dict


def test_slot_remove_puts_the_talk_back_and_emits(conference, rooms, talk, organiser, at):
    slot, _ = slot_place_talk(
        conference=conference, submission=talk, room=rooms[1], starts_at=at(0, "10:00"), by=organiser
    )

    slot_remove(slot=slot, by=organiser)

    assert ScheduleSlot.objects.count() == 0
    assert event_types()[-1] == "summit.schedule.slot.removed.v1"


def test_release_publish_freezes_the_draft(released, conference, rooms, talk, organiser, at):
    slot = ScheduleSlot.objects.get(submission=talk)
    slot_move(slot=slot, room=rooms[2], starts_at=at(2, "15:00"), by=organiser)

    released.refresh_from_db()
    frozen = next(s for s in released.snapshot["slots"] if s["code"] == talk.code)
    assert frozen["room"] == rooms[1].pk
    assert sorted(entry["code"] for entry in released.changelog["added"]) == sorted([talk.code, other_code(talk)])


def other_code(talk) -> str:
    return ScheduleSlot.objects.exclude(submission=talk).get().submission.code


def test_release_publish_writes_a_changelog_of_moves_and_cancellations(
    released, conference, rooms, talk, other_talk, organiser, at
):
    slot_move(slot=ScheduleSlot.objects.get(submission=talk), room=rooms[2], starts_at=at(1, "14:00"), by=organiser)
    slot_remove(slot=ScheduleSlot.objects.get(submission=other_talk), by=organiser)

    v2 = release_publish(conference=conference, version="v2", by=organiser, comment="Room change.")

    assert [entry["code"] for entry in v2.changelog["moved"]] == [talk.code]
    assert v2.changelog["moved"][0]["from"]["room"] == "Golden Gate"
    assert v2.changelog["moved"][0]["to"]["room"] == "Yosemite"
    assert [entry["code"] for entry in v2.changelog["cancelled"]] == [other_talk.code]
    assert v2.changelog["added"] == []
    event = OutboxEvent.objects.filter(type="summit.schedule.release.published.v1").order_by("id").last()
    assert (event.data["version"], event.data["moved"], event.data["previous_version"]) == ("v2", [talk.code], "v1")


def test_release_publish_mails_the_moved_speaker_in_their_language(
    released,
    conference,
    rooms,
    talk,
    other_talk,
    speaker,
    other_speaker,
    organiser,
    at,
    django_capture_on_commit_callbacks,
):
    mail.outbox.clear()
    slot_move(
        slot=ScheduleSlot.objects.get(submission=other_talk), room=rooms[1], starts_at=at(1, "14:00"), by=organiser
    )

    with django_capture_on_commit_callbacks(execute=True):
        release_publish(conference=conference, version="v2", by=organiser)

    assert [message.to for message in mail.outbox] == [[other_speaker.email]]
    assert "Consumer lag explained" in mail.outbox[0].subject
    assert f"/talks/{other_talk.code}/" in mail.outbox[0].body


def test_release_publish_refuses_a_version_name_twice(released, conference, organiser):
    with pytest.raises(ValidationError) as error:
        release_publish(conference=conference, version="v1", by=organiser)

    assert "version" in error.value.message_dict
    with pytest.raises(ValidationError):
        release_publish(conference=conference, version="  ", by=organiser)
    assert ScheduleRelease.objects.count() == 1


def test_release_cannot_be_rewritten(released):
    released.version = "v1-edited"

    with pytest.raises(ValueError, match="immutable"):
        released.save()


def test_release_snapshot_holds_non_guessable_speaker_codes(released, speaker):
    codes = [entry["code"] for entry in released.snapshot["speakers"]]

    assert speaker.speaker_code.code in codes
    assert str(speaker.pk) not in codes
    assert {entry["name"] for entry in released.snapshot["speakers"]} == {"Ada Lovelace", "Alan Turing"}


def test_unavailability_declare_and_remove_emit(conference, speaker, at):
    found = unavailability_declare(
        conference=conference, user=speaker, starts_at=at(0, "09:00"), ends_at=at(0, "12:00")
    )
    unavailability_remove(unavailability=found, by=speaker)

    assert event_types() == [
        "summit.schedule.unavailability.declared.v1",
        "summit.schedule.unavailability.removed.v1",
    ]


def test_unavailability_declare_refuses_times_outside_the_conference(conference, speaker, at):
    with pytest.raises(ValidationError) as error:
        unavailability_declare(conference=conference, user=speaker, starts_at=at(5, "09:00"), ends_at=at(5, "12:00"))
    assert "starts_at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        unavailability_declare(conference=conference, user=speaker, starts_at=at(0, "12:00"), ends_at=at(0, "09:00"))
    assert "ends_at" in error.value.message_dict


def test_favourites_add_remove_and_merge(conference, talk, other_talk, attendee):
    favourite_add(user=attendee, submission=talk)
    favourite_add(user=attendee, submission=talk)

    codes = favourites_merge(user=attendee, conference=conference, codes=[other_talk.code, "NOSUCHXX"])
    favourite_remove(user=attendee, submission=talk)
    favourite_remove(user=attendee, submission=talk)

    assert codes == [talk.code, other_talk.code]
    assert list(Favourite.objects.values_list("submission__code", flat=True)) == [other_talk.code]
    assert event_types() == ["summit.schedule.favourite.added.v1"] * 2 + ["summit.schedule.favourite.removed.v1"]


def test_favourite_add_refuses_a_proposal_not_in_the_programme(conference, attendee):
    proposal = SubmissionFactory(conference=conference, state="submitted")

    with pytest.raises(ValidationError):
        favourite_add(user=attendee, submission=proposal)


def test_feed_token_reset_changes_the_secret_without_leaking_it(attendee):
    before = feed_token_for(attendee).token

    after = feed_token_reset(user=attendee).token

    assert before != after
    event = OutboxEvent.objects.get(type="summit.schedule.feed_token.reset.v1")
    assert after not in str(event.data) and before not in str(event.data)


def test_a_talk_declined_after_placing_is_flagged_and_left_out_of_the_release(
    released, conference, other_talk, organiser
):
    from cfp.services.submissions import submission_transition

    submission_transition(submission=other_talk, to_state="declined", by=organiser)

    conflicts = selectors.conflicts_of(conference)
    v2 = release_publish(conference=conference, version="v2", by=organiser)

    assert [c.kind for found in conflicts.values() for c in found] == ["state"]
    assert [entry["code"] for entry in v2.changelog["cancelled"]] == [other_talk.code]


def test_two_blocks_for_everyone_at_once_clash(conference, at):
    from tests.factories import ScheduleSlotFactory

    ScheduleSlotFactory(conference=conference, title="Coffee", starts_at=at(0, "10:00"), ends_at=at(0, "10:30"))
    ScheduleSlotFactory(
        conference=conference, title="Photo", kind="other", starts_at=at(0, "10:15"), ends_at=at(0, "10:45")
    )

    conflicts = selectors.conflicts_of(conference)

    assert sorted(c.message for found in conflicts.values() for c in found) == [
        "Overlaps “Coffee”, and one of the two takes all rooms.",
        "Overlaps “Photo”, and one of the two takes all rooms.",
    ]


def test_release_publish_refuses_a_double_booked_room_unless_accepted(
    conference, rooms, talk, other_talk, organiser, at
):
    for submission in (talk, other_talk):
        slot_place_talk(
            conference=conference, submission=submission, room=rooms[0], starts_at=at(0, "10:00"), by=organiser
        )

    with pytest.raises(ValidationError) as refused:
        release_publish(conference=conference, version="v1", by=organiser)
    assert list(refused.value.message_dict) == ["double_bookings_accepted"]
    assert not ScheduleRelease.objects.exists()
    assert not OutboxEvent.objects.filter(type="summit.schedule.release.published.v1").exists()

    release = release_publish(conference=conference, version="v1", by=organiser, double_bookings_accepted=True)

    assert release.version == "v1"
