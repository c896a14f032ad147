"""The office-hours API: free slots with filters, and bookings under the same rules as the pages."""

import datetime as dt

import pytest
from django.urls import reverse

from office_hours.models import Booking
from tests.factories import BookingFactory, SlotFactory, UserFactory
from tests.factories.cfp import SubmissionFactory

pytestmark = pytest.mark.django_db


def slots_url(conference):
    return reverse("office-hours-slot-list", kwargs={"conference_slug": conference.slug})


def bookings_url(conference, code=None, action=None):
    if code is None:
        return reverse("office-hours-booking-list", kwargs={"conference_slug": conference.slug})
    name = f"office-hours-booking-{action}" if action else "office-hours-booking-detail"
    return reverse(name, kwargs={"conference_slug": conference.slug, "code": code})


def test_slot_list_filters_by_kind_date_and_mentor(api_client_for, speaker, publish, conference, mentor, tomorrow):
    office = publish()[0]
    rehearsal = publish(kind="rehearsal", start_time=dt.time(18, 0), end_time=dt.time(18, 20))[0]
    client = api_client_for(speaker)

    everything = client.get(slots_url(conference)).json()
    by_kind = client.get(slots_url(conference), {"kind": "rehearsal"}).json()
    by_mentor = client.get(slots_url(conference), {"mentor": UserFactory().pk}).json()
    by_day = client.get(slots_url(conference), {"date": (tomorrow + dt.timedelta(days=3)).isoformat()}).json()

    assert [slot["code"] for slot in everything["results"]] == [office.code, rehearsal.code]
    assert [slot["code"] for slot in by_kind["results"]] == [rehearsal.code]
    assert by_mentor["count"] == 0 and by_day["count"] == 0
    assert everything["results"][0]["mentor"] == {"id": mentor.pk, "name": "Marie Mentor"}
    assert "video_url" not in everything["results"][0]


def test_slot_list_bad_filter_is_a_json_error(api_client_for, speaker, conference):
    response = api_client_for(speaker).get(slots_url(conference), {"kind": "party"})

    assert response.status_code == 400
    assert response.json()["error"] == "invalid" and "kind" in response.json()["fields"]


def test_slot_list_anonymous_is_refused(api_client_for, conference):
    assert api_client_for(None).get(slots_url(conference)).status_code == 401


def test_book_cancel_and_reschedule_through_the_api(
    api_client_for, speaker, publish, conference, django_capture_on_commit_callbacks
):
    first, second = publish(end_time=dt.time(17, 40))
    client = api_client_for(speaker)

    created = client.post(bookings_url(conference), {"slot": first.code, "note": "Abstract help"}, format="json")
    code = created.json()["code"]
    moved = client.post(bookings_url(conference, code, "reschedule"), {"slot": second.code}, format="json")
    cancelled = client.post(bookings_url(conference, moved.json()["code"], "cancel"))

    assert created.status_code == 201 and created.json()["status"] == "active"
    assert moved.status_code == 200 and moved.json()["slot"] == second.code
    assert cancelled.json()["status"] == "cancelled"
    assert Booking.objects.filter(status="active").count() == 0


def test_book_taken_slot_answers_the_clear_message(api_client_for, speaker, other_speaker, slot, conference):
    BookingFactory(slot=slot, speaker=other_speaker)

    response = api_client_for(speaker).post(bookings_url(conference), {"slot": slot.code, "note": "x"}, format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {"non_field_errors": ["This slot was just taken. Please choose another one."]}


def test_book_unknown_slot_or_foreign_submission_is_refused(api_client_for, speaker, other_speaker, slot, conference):
    theirs = SubmissionFactory(conference=conference, speakers=[other_speaker])
    client = api_client_for(speaker)

    unknown = client.post(bookings_url(conference), {"slot": "NOSUCHSLOT", "note": "x"}, format="json")
    foreign = client.post(
        bookings_url(conference), {"slot": slot.code, "note": "x", "shared_submission": theirs.code}, format="json"
    )

    assert unknown.status_code == 400 and "slot" in unknown.json()["fields"]
    assert foreign.status_code == 400 and "shared_submission" in foreign.json()["fields"]
    assert Booking.objects.count() == 0


def test_booking_list_speaker_sees_own_and_mentor_sees_their_slots(
    api_client_for, speaker, other_speaker, mentor, slot, conference
):
    mine = BookingFactory(slot=slot, speaker=speaker, note="Mine")
    elsewhere = BookingFactory(slot=SlotFactory(conference=conference), speaker=other_speaker, note="Not the mentor's")

    as_speaker = api_client_for(speaker).get(bookings_url(conference)).json()
    as_mentor = api_client_for(mentor).get(bookings_url(conference)).json()

    assert [row["code"] for row in as_speaker["results"]] == [mine.code]
    assert [row["code"] for row in as_mentor["results"]] == [mine.code]
    assert as_mentor["results"][0]["note"] == "Mine"
    assert elsewhere.code not in str(as_mentor)


def test_someone_elses_booking_is_404(api_client_for, speaker, other_speaker, slot, conference):
    booking = BookingFactory(slot=slot, speaker=other_speaker)
    client = api_client_for(speaker)

    assert client.get(bookings_url(conference, booking.code)).status_code == 404
    assert client.post(bookings_url(conference, booking.code, "cancel")).status_code == 404
    assert client.post(bookings_url(conference, booking.code, "reschedule"), {"slot": slot.code}).status_code == 404
    assert Booking.objects.get().status == "active"


def test_mentor_cannot_cancel_or_move_a_speakers_booking(api_client_for, speaker, mentor, slot, conference):
    booking = BookingFactory(slot=slot, speaker=speaker)
    client = api_client_for(mentor)

    assert client.get(bookings_url(conference, booking.code)).status_code == 200
    assert client.post(bookings_url(conference, booking.code, "cancel")).status_code == 403
    assert client.post(bookings_url(conference, booking.code, "reschedule"), {"slot": slot.code}).status_code == 403


def test_reschedule_to_unknown_slot_is_refused(api_client_for, speaker, slot, conference):
    booking = BookingFactory(slot=slot, speaker=speaker)

    response = api_client_for(speaker).post(
        bookings_url(conference, booking.code, "reschedule"), {"slot": "NOSUCHSLOT"}
    )

    assert response.status_code == 400 and "slot" in response.json()["fields"]


def test_private_conference_is_404_for_outsider(api_client_for, outsider, conference):
    conference.is_public = False
    conference.save()

    assert api_client_for(outsider).get(slots_url(conference)).status_code == 404
