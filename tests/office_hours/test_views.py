"""Office-hours pages as speakers, mentors and organisers use them."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from office_hours.models import Booking, Slot
from tests.factories import BookingFactory, SlotFactory, UserFactory
from tests.factories.cfp import SubmissionFactory

pytestmark = pytest.mark.django_db
CONFIRMED = {"confirmed": "yes"}  # the second step of an action that cannot be undone


def test_slot_list_shows_times_in_viewer_and_conference_time_zones(client_for, speaker, slot, conference):
    response = client_for(speaker).get(reverse("office_hours:slots", args=[conference.slug]))

    assert response.status_code == 200
    page = response.content.decode()
    local = slot.starts_at.astimezone(dt.timezone(dt.timedelta(0))).strftime("%H:%M")
    assert "(America/Los_Angeles)" in page and "(Europe/London)" in page
    assert slot.starts_at.astimezone(speaker_tz(speaker)).strftime("%H:%M") in page
    assert local in page  # London is UTC in winter, or one hour off in summer: both shown somewhere
    assert reverse("office_hours:book", args=[conference.slug, slot.code]) in page


def speaker_tz(user):
    from zoneinfo import ZoneInfo

    return ZoneInfo(user.timezone)


def test_slot_list_requires_sign_in(client, conference):
    response = client.get(reverse("office_hours:slots", args=[conference.slug]))

    assert response.status_code == 302


def test_slot_list_of_private_conference_is_404_for_outsider(client_for, outsider, conference):
    conference.is_public = False
    conference.save()

    assert client_for(outsider).get(reverse("office_hours:slots", args=[conference.slug])).status_code == 404


def test_slot_list_hides_priority_slots_from_experienced_speakers(
    client_for, speaker, publish, oh_settings, conference
):
    oh_settings.priority_hours = 24
    oh_settings.save()
    SubmissionFactory(speakers=[speaker], state="accepted")
    slot = publish()[0]

    page = client_for(speaker).get(reverse("office_hours:slots", args=[conference.slug])).content.decode()

    assert "First-time speakers first" in page
    assert reverse("office_hours:book", args=[conference.slug, slot.code]) not in page


def test_book_page_books_and_redirects_to_the_booking(
    client_for, speaker, slot, conference, django_capture_on_commit_callbacks
):
    client = client_for(speaker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("office_hours:book", args=[conference.slug, slot.code]), {"note": "My abstract"})

    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("office_hours:booking", args=[conference.slug, booking.code])
    assert len(mail.outbox) == 2


def test_book_page_taken_slot_keeps_the_note_and_explains(client_for, speaker, other_speaker, slot, conference):
    BookingFactory(slot=slot, speaker=other_speaker)

    response = client_for(speaker).post(
        reverse("office_hours:book", args=[conference.slug, slot.code]), {"note": "Keep this text"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "This slot was just taken. Please choose another one." in page
    assert "Keep this text" in page
    assert Booking.objects.count() == 1


def test_book_page_without_note_rerenders(client_for, speaker, slot, conference):
    response = client_for(speaker).post(reverse("office_hours:book", args=[conference.slug, slot.code]), {"note": ""})

    assert response.status_code == 200
    assert Booking.objects.count() == 0


def test_book_page_of_unknown_slot_is_404(client_for, speaker, conference):
    assert (
        client_for(speaker).get(reverse("office_hours:book", args=[conference.slug, "NOSUCHSLOT"])).status_code == 404
    )


def test_channel_shows_only_to_speakers_with_a_booking(
    client_for, speaker, other_speaker, slot, conference, oh_settings
):
    oh_settings.channel_name = "#summit-office-hours"
    oh_settings.channel_url = "https://slack.example.org/join"
    oh_settings.webhook_url = "https://hooks.example.org/very-secret"
    oh_settings.save()
    BookingFactory(slot=slot, speaker=speaker)
    url = reverse("office_hours:slots", args=[conference.slug])

    booked = client_for(speaker).get(url).content.decode()
    not_booked = client_for(other_speaker).get(url).content.decode()

    assert "#summit-office-hours" in booked and "https://slack.example.org/join" in booked
    assert "#summit-office-hours" not in not_booked
    assert "very-secret" not in booked


def test_my_bookings_lists_own_bookings_only(client_for, speaker, other_speaker, slot, conference):
    BookingFactory(slot=slot, speaker=speaker)
    theirs = BookingFactory(slot=SlotFactory(conference=conference), speaker=other_speaker)

    page = client_for(speaker).get(reverse("office_hours:mine", args=[conference.slug])).content.decode()

    assert "Marie Mentor" in page
    assert theirs.code not in page


def test_booking_of_someone_else_is_404(client_for, speaker, other_speaker, slot, conference):
    booking = BookingFactory(slot=slot, speaker=other_speaker)

    for name in ("booking",):
        assert (
            client_for(speaker).get(reverse(f"office_hours:{name}", args=[conference.slug, booking.code])).status_code
            == 404
        )
    for name in ("cancel", "reschedule", "feedback", "recording"):
        url = reverse(f"office_hours:{name}", args=[conference.slug, booking.code])
        assert client_for(speaker).post(url).status_code == 404
    assert Booking.objects.get().status == "active"


def test_booking_page_offers_its_calendar_file(client_for, speaker, slot, conference):
    booking = BookingFactory(slot=slot, speaker=speaker)
    url = reverse("office_hours:booking-ics", args=[conference.slug, booking.code])

    page = client_for(speaker).get(reverse("office_hours:booking", args=[conference.slug, booking.code]))
    response = client_for(speaker).get(url)

    assertContains(page, f'href="{url}"')
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="office-hours-{booking.code}.ics"'
    body = response.content.decode()
    assert ("METHOD:PUBLISH" in body, f"UID:office-hours-{booking.code}@summit" in body) == (True, True)


def test_booking_calendar_file_of_someone_else_is_not_found(client_for, speaker, slot, conference):
    booking = BookingFactory(slot=slot, speaker=speaker)

    response = client_for(UserFactory()).get(reverse("office_hours:booking-ics", args=[conference.slug, booking.code]))

    assert response.status_code == 404


def test_booking_cancel_asks_first_and_keeps_the_booking(client_for, speaker, slot, conference):
    booking = BookingFactory(slot=slot, speaker=speaker)

    response = client_for(speaker).post(reverse("office_hours:cancel", args=[conference.slug, booking.code]))

    assertContains(response, "Cancel this booking?")
    assertContains(response, f'href="{reverse("office_hours:booking", args=[conference.slug, booking.code])}"')
    assert Booking.objects.get().status == "active"


def test_slot_cancel_asks_first(client_for, mentor, conference):
    slot = SlotFactory(conference=conference, mentor=mentor)

    response = client_for(mentor).post(reverse("office_hours:slot-cancel", args=[conference.slug, slot.code]))

    assertContains(response, "Cancel this slot?")
    assert Slot.objects.get().state == "open"


def test_booking_cancel_page(client_for, speaker, slot, conference):
    booking = BookingFactory(slot=slot, speaker=speaker)
    client = client_for(speaker)

    response = client.post(reverse("office_hours:cancel", args=[conference.slug, booking.code]), CONFIRMED, follow=True)

    assert "Your booking is cancelled." in response.content.decode()
    assert Booking.objects.get().status == "cancelled"
    again = client.post(reverse("office_hours:cancel", args=[conference.slug, booking.code]), CONFIRMED, follow=True)
    assert "already cancelled" in again.content.decode()


def test_booking_reschedule_page(client_for, speaker, publish, conference):
    first, second = publish(end_time=dt.time(17, 40))
    booking = BookingFactory(slot=first, speaker=speaker)
    client = client_for(speaker)
    url = reverse("office_hours:reschedule", args=[conference.slug, booking.code])

    assert (
        second.code
        in client.get(reverse("office_hours:booking", args=[conference.slug, booking.code])).content.decode()
    )
    response = client.post(url, {"new_slot": second.code})

    moved = Booking.objects.get(status="active")
    assert moved.slot == second
    assert response["Location"] == reverse("office_hours:booking", args=[conference.slug, moved.code])


def test_booking_reschedule_page_bad_input_changes_nothing(client_for, speaker, other_speaker, publish, conference):
    first, second = publish(end_time=dt.time(17, 40))
    booking = BookingFactory(slot=first, speaker=speaker)
    BookingFactory(slot=second, speaker=other_speaker)
    client = client_for(speaker)
    url = reverse("office_hours:reschedule", args=[conference.slug, booking.code])

    missing = client.post(url, {"new_slot": ""}, follow=True).content.decode()
    taken = client.post(url, {"new_slot": second.code}, follow=True).content.decode()

    assert "Choose a slot to move to." in missing
    assert "just taken" in taken and "Your booking is unchanged." in taken
    assert Booking.objects.get(pk=booking.pk).status == "active"


def test_feedback_and_recording_pages(client_for, speaker, conference, mentor):
    SubmissionFactory(conference=conference, speakers=[speaker], state="accepted")
    past = timezone.now() - dt.timedelta(hours=2)
    slot = SlotFactory(
        conference=conference, mentor=mentor, kind="rehearsal", starts_at=past, ends_at=past + dt.timedelta(minutes=30)
    )
    booking = BookingFactory(slot=slot, speaker=speaker)
    client = client_for(speaker)

    page = client.get(reverse("office_hours:booking", args=[conference.slug, booking.code])).content.decode()
    assert "How was it?" in page and "Recording of the rehearsal" in page
    bad = client.post(
        reverse("office_hours:feedback", args=[conference.slug, booking.code]), {"rating": "9"}, follow=True
    )
    assert "Rate the session from 1 to 5." in bad.content.decode()
    client.post(
        reverse("office_hours:feedback", args=[conference.slug, booking.code]), {"rating": "5", "comment": "Great"}
    )
    client.post(
        reverse("office_hours:recording", args=[conference.slug, booking.code]),
        {"recording_url": "video.example.org/r1"},
    )
    bad_link = client.post(
        reverse("office_hours:recording", args=[conference.slug, booking.code]),
        {"recording_url": "not a link"},
        follow=True,
    )

    booking.refresh_from_db()
    assert (booking.feedback_rating, booking.recording_url) == (5, "https://video.example.org/r1")
    assert "Enter a valid link." in bad_link.content.decode()


# --- mentors -------------------------------------------------------------------------------


def test_mentor_home_lists_slots_and_speakers(client_for, mentor, slot, speaker, conference):
    BookingFactory(
        slot=slot,
        speaker=speaker,
        shared_submission=SubmissionFactory(conference=conference, speakers=[speaker], state="draft"),
    )

    page = client_for(mentor).get(reverse("office_hours:mentor-home", args=[conference.slug])).content.decode()

    assert "Ada Lovelace" in page and "proposal shared" in page
    assert "/office-hours/feeds/" in page


def test_mentor_home_is_forbidden_to_others(client_for, speaker, conference):
    assert client_for(speaker).get(reverse("office_hours:mentor-home", args=[conference.slug])).status_code == 403


def test_slot_new_publishes_recurring_slots(client_for, mentor, conference, tomorrow):
    response = client_for(mentor).post(
        reverse("office_hours:slot-new", args=[conference.slug]),
        {
            "kind": "office_hours",
            "first_date": tomorrow.isoformat(),
            "start_time": "17:00",
            "end_time": "19:00",
            "duration_minutes": "20",
            "capacity": "1",
            "repeat_weekly": "on",
            "until": (tomorrow + dt.timedelta(days=21)).isoformat(),
            "video_url": "https://meet.example.org/marie",
        },
    )

    assert response.status_code == 302
    assert Slot.objects.count() == 24


def test_slot_new_bad_input_rerenders_with_errors(client_for, mentor, conference, tomorrow, slot):
    client = client_for(mentor)
    url = reverse("office_hours:slot-new", args=[conference.slug])
    base = {
        "kind": "office_hours",
        "first_date": tomorrow.isoformat(),
        "start_time": "17:00",
        "end_time": "18:00",
        "duration_minutes": "20",
        "capacity": "1",
        "room": "Room 2",
    }

    overlap = client.post(url, base).content.decode()
    no_until = client.post(url, base | {"repeat_weekly": "on"}).content.decode()

    assert "never overlap" in overlap and "Room 2" in overlap
    assert "Say until when the slots repeat." in no_until
    assert Slot.objects.count() == 1


def test_slot_cancel_by_mentor_and_not_by_another(client_for, mentor, slot, conference):
    other_mentor = UserFactory()
    conference.roles.create(user=other_mentor, role="mentor")
    url = reverse("office_hours:slot-cancel", args=[conference.slug, slot.code])

    assert client_for(other_mentor).post(url).status_code == 404
    client_for(mentor).post(url, CONFIRMED)
    assert Slot.objects.get().state == "cancelled"
    again = client_for(mentor).post(url, CONFIRMED, follow=True)
    assert "already cancelled" in again.content.decode()


def test_mentor_marks_attendance_after_start(client_for, mentor, conference, speaker):
    past = timezone.now() - dt.timedelta(hours=1)
    booking = BookingFactory(slot=SlotFactory(conference=conference, mentor=mentor, starts_at=past), speaker=speaker)
    url = reverse("office_hours:mentor-booking", args=[conference.slug, booking.code])

    client_for(mentor).post(url, {"attendance": "attended"})

    assert Booking.objects.get().attendance == "attended"


def test_mentor_attendance_before_start_is_refused(client_for, mentor, slot, speaker, conference):
    booking = BookingFactory(slot=slot, speaker=speaker)

    response = client_for(mentor).post(
        reverse("office_hours:mentor-booking", args=[conference.slug, booking.code]), {"attendance": "attended"}
    )

    assert "once the session has started" in response.content.decode()
    assert Booking.objects.get().attendance == "unknown"


def test_mentor_reads_shared_draft_but_not_others(client_for, mentor, slot, speaker, conference):
    draft = SubmissionFactory(conference=conference, speakers=[speaker], state="draft", title="My secret draft")
    shared = BookingFactory(slot=slot, speaker=speaker, shared_submission=draft)
    unshared = BookingFactory(slot=SlotFactory(conference=conference, mentor=mentor), speaker=UserFactory())
    other_mentor = UserFactory()
    conference.roles.create(user=other_mentor, role="mentor")

    ok = client_for(mentor).get(reverse("office_hours:shared-submission", args=[conference.slug, shared.code]))
    assert ok.status_code == 200 and "My secret draft" in ok.content.decode()
    assert (
        client_for(mentor)
        .get(reverse("office_hours:shared-submission", args=[conference.slug, unshared.code]))
        .status_code
        == 404
    )
    assert (
        client_for(other_mentor)
        .get(reverse("office_hours:shared-submission", args=[conference.slug, shared.code]))
        .status_code
        == 404
    )
    assert (
        client_for(other_mentor)
        .get(reverse("office_hours:mentor-booking", args=[conference.slug, shared.code]))
        .status_code
        == 404
    )


def test_feed_revoke_page(client_for, mentor, conference):
    client = client_for(mentor)
    client.get(reverse("office_hours:mentor-home", args=[conference.slug]))
    old = mentor.mentorfeed_set.get().token if hasattr(mentor, "mentorfeed_set") else None
    from office_hours.models import MentorFeed

    old = MentorFeed.objects.get().token
    response = client.post(reverse("office_hours:feed-revoke", args=[conference.slug]), follow=True)

    assert "new address" in response.content.decode()
    assert MentorFeed.objects.get().token != old


# --- organisers ----------------------------------------------------------------------------


def test_organiser_overview_shows_utilisation_and_charts(organiser_client, conference, slot, speaker, mentor):
    BookingFactory(slot=slot, speaker=speaker, attendance="no_show")
    SubmissionFactory(conference=conference, speakers=[speaker], state="accepted")
    SubmissionFactory(conference=conference, state="draft")

    page = organiser_client.get(reverse("office_hours_manage:overview", args=[conference.slug])).content.decode()

    assert "Marie Mentor" in page and "100 %" in page
    assert page.count("<svg") == 2
    assert "Came to office hours" in page


def test_organiser_overview_forbidden_to_mentor(client_for, mentor, conference):
    assert client_for(mentor).get(reverse("office_hours_manage:overview", args=[conference.slug])).status_code == 403


def test_organiser_settings_webhook_is_write_only(organiser_client, conference, oh_settings):
    url = reverse("office_hours_manage:settings", args=[conference.slug])
    data = {
        "office_hours_enabled": "on",
        "cancel_cutoff_hours": "2",
        "max_active_bookings": "3",
        "priority_hours": "48",
        "channel_name": "#summit-office-hours",
        "webhook_url": "https://hooks.example.org/T000/very-secret",
    }

    organiser_client.post(url, data)
    page = organiser_client.get(url).content.decode()

    oh_settings.refresh_from_db()
    assert oh_settings.webhook_url == "https://hooks.example.org/T000/very-secret"
    assert oh_settings.rehearsals_enabled is False
    assert "very-secret" not in page and "A chat webhook is saved" in page


def test_organiser_settings_bad_window_rerenders(organiser_client, conference, oh_settings):
    url = reverse("office_hours_manage:settings", args=[conference.slug])
    data = {
        "office_hours_enabled": "on",
        "cancel_cutoff_hours": "2",
        "max_active_bookings": "0",
        "priority_hours": "48",
    }

    response = organiser_client.post(url, data)

    assert response.status_code == 200
    oh_settings.refresh_from_db()
    assert oh_settings.max_active_bookings == 2
