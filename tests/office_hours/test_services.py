"""The booking engine through its services: publishing, booking, cancelling, moving, and every refusal."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from cfp.models import Submission
from events.models import OutboxEvent
from office_hours.models import Booking, Slot
from office_hours.services.bookings import (
    booking_cancel,
    booking_create,
    booking_give_feedback,
    booking_mark_attendance,
    booking_reschedule,
    booking_set_recording,
)
from office_hours.services.slots import office_hours_settings_update, slot_cancel
from tests.factories import SpeakerProfileFactory
from tests.factories.cfp import SubmissionFactory
from tests.office_hours.conftest import PARIS

pytestmark = pytest.mark.django_db


def test_slots_publish_recurring_weekly_in_mentors_time_zone(publish, tomorrow, event_types):
    slots = publish(start_time=dt.time(17, 0), end_time=dt.time(19, 0), until=tomorrow + dt.timedelta(days=14))

    assert len(slots) == 18
    assert {slot.starts_at.astimezone(PARIS).time() for slot in slots} == {
        dt.time(17, 0),
        dt.time(17, 20),
        dt.time(17, 40),
        dt.time(18, 0),
        dt.time(18, 20),
        dt.time(18, 40),
    }
    assert {slot.starts_at.astimezone(PARIS).date() for slot in slots} == {
        tomorrow,
        tomorrow + dt.timedelta(days=7),
        tomorrow + dt.timedelta(days=14),
    }
    assert len({slot.series for slot in slots}) == 1
    assert slots[0].starts_at.tzinfo == dt.UTC
    assert event_types() == ["summit.office_hours.slot.published.v1"] * 18


def test_slots_publish_overlapping_own_slot_is_refused(publish, slot):
    with pytest.raises(ValidationError, match="never overlap"):
        publish(start_time=dt.time(17, 10), end_time=dt.time(17, 30), duration_minutes=20)

    assert Slot.objects.count() == 1


def test_slots_publish_outside_window_is_refused(publish, conference):
    late = (conference.cfp_closes_at + dt.timedelta(days=2)).astimezone(PARIS).date()

    with pytest.raises(ValidationError, match="Every slot must fall between"):
        publish(first_date=late)

    assert Slot.objects.count() == 0


def test_slots_publish_in_the_past_is_refused(publish):
    with pytest.raises(ValidationError) as error:
        publish(first_date=timezone.now().date() - dt.timedelta(days=1))

    assert error.value.message_dict == {"first_date": ["Slots must start in the future."]}


def test_slots_publish_kind_not_enabled_is_refused(publish, oh_settings):
    oh_settings.rehearsals_enabled = False
    oh_settings.save()

    with pytest.raises(ValidationError, match="have not opened rehearsal"):
        publish(kind="rehearsal")


def test_slots_publish_without_place_or_with_bad_times_is_refused(publish):
    with pytest.raises(ValidationError) as error:
        publish(video_url="", end_time=dt.time(16, 0))

    assert set(error.value.message_dict) == {"video_url", "end_time"}


def test_booking_create_takes_the_seat_and_mails_invites(slot, speaker, mentor, event_types, book):
    booking = book(slot, speaker)

    slot.refresh_from_db()
    assert slot.seats_taken == 1
    assert booking.status == "active"
    assert booking.starts_at == slot.starts_at
    assert sorted(message.to[0] for message in mail.outbox) == [mentor.email, speaker.email]
    assert all(message.attachments[0][2].startswith("text/calendar; method=REQUEST") for message in mail.outbox)
    assert event_types()[-1] == "summit.office_hours.booking.created.v1"


def test_booking_create_full_slot_says_it_was_just_taken(slot, speaker, other_speaker, book):
    book(slot, speaker)

    with pytest.raises(ValidationError) as error:
        book(slot, other_speaker)

    assert error.value.messages == ["This slot was just taken. Please choose another one."]
    assert Booking.objects.count() == 1


def test_booking_create_past_slot_is_refused(slot, speaker, book):
    with pytest.raises(ValidationError, match="already started"):
        book(slot, speaker, now=slot.starts_at + dt.timedelta(minutes=1))


def test_booking_create_cancelled_slot_is_refused(slot, speaker, mentor, book):
    slot_cancel(slot=slot, by=mentor)

    with pytest.raises(ValidationError, match="cancelled this slot"):
        book(slot, speaker)


def test_booking_create_in_priority_window_refuses_experienced_speaker(
    publish, oh_settings, speaker, conference, book, tomorrow
):
    oh_settings.priority_hours = 24
    oh_settings.save()
    SubmissionFactory(speakers=[speaker], state="accepted")  # an earlier accepted talk elsewhere
    # Two days ahead: the slot must still be to come once the 24 priority hours are over, whatever
    # the time of day the test runs (tomorrow 17:00 Paris is less than 24 hours away after 17:00).
    slot = publish(first_date=tomorrow + dt.timedelta(days=1))[0]

    with pytest.raises(ValidationError, match="First-time speakers may book this slot first"):
        book(slot, speaker)

    assert book(slot, speaker, now=slot.open_to_all_at + dt.timedelta(minutes=1)).is_active


def test_booking_create_in_priority_window_lets_first_time_speaker_book(publish, oh_settings, speaker, book):
    oh_settings.priority_hours = 24
    oh_settings.save()
    SubmissionFactory(speakers=[speaker], state="accepted")
    SpeakerProfileFactory(user=speaker, is_first_time_speaker=True)
    slot = publish()[0]

    assert book(slot, speaker).is_active


def test_booking_create_overlapping_own_booking_is_refused(publish, slot, speaker, conference, other_speaker, book):
    from office_hours.services.slots import SlotPlan, slots_publish
    from tests.factories import ConferenceRoleFactory, UserFactory

    other_mentor = ConferenceRoleFactory(
        conference=conference, role="mentor", user=UserFactory(timezone="Europe/Paris")
    ).user
    same_time = slots_publish(
        conference=conference,
        mentor=other_mentor,
        plan=SlotPlan(
            kind="office_hours",
            first_date=slot.starts_at.astimezone(PARIS).date(),
            start_time=dt.time(17, 10),
            end_time=dt.time(17, 30),
            duration_minutes=20,
            room="Room 1",
        ),
    )[0]
    book(slot, speaker)

    with pytest.raises(ValidationError, match="another session at that time"):
        book(same_time, speaker)

    assert book(same_time, other_speaker).is_active


def test_booking_create_beyond_the_limit_is_refused(publish, oh_settings, speaker, book):
    oh_settings.max_active_bookings = 2
    oh_settings.save()
    slots = publish(end_time=dt.time(18, 20))

    book(slots[0], speaker)
    book(slots[1], speaker)
    with pytest.raises(ValidationError, match="2 upcoming bookings, the most allowed"):
        book(slots[2], speaker)


def test_booking_create_same_slot_twice_is_refused(publish, speaker, book):
    slot = publish(capacity=3)[0]
    book(slot, speaker)

    with pytest.raises(ValidationError, match="already booked this slot"):
        book(slot, speaker)


def test_booking_create_own_slot_is_refused(slot, mentor, book):
    with pytest.raises(ValidationError, match="your own slot"):
        book(slot, mentor)


def test_booking_create_when_office_hours_closed_is_refused(slot, speaker, conference, book):
    with pytest.raises(ValidationError, match="not open for booking"):
        book(slot, speaker, now=conference.cfp_opens_at - dt.timedelta(days=1))


def test_booking_create_without_note_is_refused(slot, speaker):
    with pytest.raises(ValidationError) as error:
        booking_create(slot=slot, speaker=speaker, note="  ")

    assert list(error.value.message_dict) == ["note"]


def test_booking_create_shares_own_draft_only(slot, speaker, other_speaker, conference, book):
    own = SubmissionFactory(conference=conference, speakers=[speaker], state="draft")
    theirs = SubmissionFactory(conference=conference, speakers=[other_speaker], state="draft")

    with pytest.raises(ValidationError) as error:
        book(slot, speaker, shared_submission=theirs)
    assert list(error.value.message_dict) == ["shared_submission"]

    assert book(slot, speaker, shared_submission=own).shared_submission == own


def test_rehearsal_booking_needs_an_accepted_talk(publish, speaker, other_speaker, conference, book):
    SubmissionFactory(conference=conference, speakers=[speaker], state=Submission.State.CONFIRMED)
    slot = publish(kind="rehearsal", capacity=5)[0]

    assert book(slot, speaker).is_active
    with pytest.raises(ValidationError, match="speakers with an accepted talk"):
        book(slot, other_speaker)


def test_booking_cancel_sends_cancel_with_same_uid_and_higher_sequence(slot, speaker, event_types, book, commit):
    booking = book(slot, speaker)
    invite = mail.outbox[0].attachments[0][1]
    mail.outbox.clear()

    commit(booking_cancel, booking=booking, by=speaker)

    slot.refresh_from_db()
    assert slot.seats_taken == 0
    cancel = mail.outbox[0].attachments[0][1]
    assert "METHOD:CANCEL" in cancel
    uid = next(line for line in invite.splitlines() if line.startswith("UID:"))
    assert uid in cancel.splitlines()
    assert "SEQUENCE:0" in invite and "SEQUENCE:1" in cancel
    assert event_types()[-1] == "summit.office_hours.booking.cancelled.v1"


def test_booking_cancel_after_cutoff_is_refused(slot, speaker, book):
    booking = book(slot, speaker)

    with pytest.raises(ValidationError, match="up to 2 hours before"):
        booking_cancel(booking=booking, by=speaker, now=slot.starts_at - dt.timedelta(hours=1))

    booking.refresh_from_db()
    assert booking.status == "active"


def test_booking_cancel_twice_is_refused(slot, speaker, book):
    booking = book(slot, speaker)
    booking_cancel(booking=booking, by=speaker)

    with pytest.raises(ValidationError, match="already cancelled"):
        booking_cancel(booking=booking, by=speaker)


def test_booking_reschedule_moves_to_the_new_seat(publish, speaker, event_types, book):
    first, second = publish(end_time=dt.time(17, 40))
    booking = book(first, speaker)

    moved = booking_reschedule(booking=booking, new_slot=second, by=speaker)

    first.refresh_from_db()
    second.refresh_from_db()
    booking.refresh_from_db()
    assert (first.seats_taken, second.seats_taken) == (0, 1)
    assert booking.status == "cancelled" and booking.rescheduled_to == moved
    assert moved.slot == second and moved.note == booking.note
    assert event_types()[-1] == "summit.office_hours.booking.rescheduled.v1"


def test_booking_reschedule_to_full_slot_keeps_the_old_booking(publish, speaker, other_speaker, book):
    first, second = publish(end_time=dt.time(17, 40))
    booking = book(first, speaker)
    book(second, other_speaker)

    with pytest.raises(ValidationError, match="just taken"):
        booking_reschedule(booking=booking, new_slot=second, by=speaker)

    booking.refresh_from_db()
    first.refresh_from_db()
    assert booking.status == "active" and first.seats_taken == 1


def test_booking_reschedule_to_same_slot_is_refused(slot, speaker, book):
    booking = book(slot, speaker)

    with pytest.raises(ValidationError, match="already have"):
        booking_reschedule(booking=booking, new_slot=slot, by=speaker)


def test_slot_cancel_cancels_bookings_and_notifies_speakers(
    publish, speaker, other_speaker, mentor, event_types, book, commit
):
    slot = publish(capacity=2)[0]
    book(slot, speaker)
    book(slot, other_speaker)
    mail.outbox.clear()

    commit(slot_cancel, slot=slot, by=mentor)

    assert set(Booking.objects.values_list("status", flat=True)) == {"cancelled"}
    assert {message.to[0] for message in mail.outbox} == {speaker.email, other_speaker.email, mentor.email}
    assert all("METHOD:CANCEL" in message.attachments[0][1] for message in mail.outbox)
    assert event_types()[-3:] == [
        "summit.office_hours.booking.cancelled.v1",
        "summit.office_hours.booking.cancelled.v1",
        "summit.office_hours.slot.cancelled.v1",
    ]


def test_slot_cancel_twice_or_past_is_refused(slot, mentor):
    with pytest.raises(ValidationError, match="over"):
        slot_cancel(slot=slot, by=mentor, now=slot.ends_at)
    slot_cancel(slot=slot, by=mentor)
    with pytest.raises(ValidationError, match="already cancelled"):
        slot_cancel(slot=slot, by=mentor)


def test_attendance_and_feedback_after_the_session(slot, speaker, mentor, event_types, book):
    booking = book(slot, speaker)

    with pytest.raises(ValidationError, match="once the session has started"):
        booking_mark_attendance(booking=booking, attendance="attended", by=mentor)
    with pytest.raises(ValidationError, match="when the session is over"):
        booking_give_feedback(booking=booking, rating=5, by=speaker)

    after = slot.ends_at + dt.timedelta(minutes=5)
    booking_mark_attendance(booking=booking, attendance="no_show", by=mentor, now=after)
    booking_give_feedback(booking=booking, rating=4, comment="Very useful.", by=speaker, now=after)

    booking.refresh_from_db()
    assert (booking.attendance, booking.feedback_rating, booking.feedback_comment) == ("no_show", 4, "Very useful.")
    with pytest.raises(ValidationError, match="already left feedback"):
        booking_give_feedback(booking=booking, rating=3, by=speaker, now=after)
    with pytest.raises(ValidationError):
        booking_mark_attendance(booking=booking, attendance="maybe", by=mentor, now=after)
    assert event_types()[-2:] == [
        "summit.office_hours.booking.attendance_marked.v1",
        "summit.office_hours.booking.feedback_given.v1",
    ]


def test_feedback_rating_out_of_range_is_refused(slot, speaker, book):
    booking = book(slot, speaker)

    with pytest.raises(ValidationError):
        booking_give_feedback(booking=booking, rating=6, by=speaker, now=slot.ends_at)


def test_recording_link_only_on_rehearsals_after_start(publish, speaker, conference, event_types, book):
    SubmissionFactory(conference=conference, speakers=[speaker], state="accepted")
    rehearsal = book(publish(kind="rehearsal")[0], speaker)

    with pytest.raises(ValidationError, match="once the rehearsal has taken place"):
        booking_set_recording(booking=rehearsal, recording_url="https://video.example.org/1", by=speaker)
    booking_set_recording(
        booking=rehearsal, recording_url="https://video.example.org/1", by=speaker, now=rehearsal.ends_at
    )

    rehearsal.refresh_from_db()
    assert rehearsal.recording_url == "https://video.example.org/1"
    assert event_types()[-1] == "summit.office_hours.booking.recording_added.v1"


def test_recording_link_on_office_hours_is_refused(slot, speaker, book):
    booking = book(slot, speaker)

    with pytest.raises(ValidationError, match="belong to rehearsals"):
        booking_set_recording(booking=booking, recording_url="https://v.example.org", by=speaker, now=slot.ends_at)


def test_settings_update_emits_changed_fields_without_the_webhook_url(conference, organiser, oh_settings):
    office_hours_settings_update(
        conference=conference, by=organiser, webhook_url="https://hooks.example.org/secret-token", priority_hours=12
    )

    event = OutboxEvent.objects.get(type="summit.office_hours.settings.updated.v1")
    assert event.data == {"conference": conference.slug, "changed_fields": ["priority_hours", "webhook_url"]}
    assert "secret-token" not in str(event.as_cloudevent())


def test_settings_update_blank_webhook_keeps_it_and_clear_removes_it(conference, organiser, oh_settings):
    office_hours_settings_update(conference=conference, by=organiser, webhook_url="https://hooks.example.org/x")
    office_hours_settings_update(conference=conference, by=organiser, webhook_url="")
    oh_settings.refresh_from_db()
    assert oh_settings.webhook_url == "https://hooks.example.org/x"

    office_hours_settings_update(conference=conference, by=organiser, webhook_url="", clear_webhook=True)
    oh_settings.refresh_from_db()
    assert oh_settings.webhook_url == ""
