"""Calendar invites and the mentor's feed, checked on the raw bytes against RFC 5545."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from office_hours import calendar
from office_hours.services.bookings import booking_cancel
from office_hours.services.slots import mentor_feed_for, mentor_feed_revoke

pytestmark = pytest.mark.django_db


def assert_rfc5545(raw: bytes) -> Calendar:
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines), [line for line in lines if len(line) > 75]
    unfolded = raw.replace(b"\r\n ", b"").decode()
    tzids = set(re.findall(r";TZID=([^:;]+)", unfolded))
    defined = set(re.findall(r"^TZID:(.+)$", unfolded, re.MULTILINE))
    assert tzids and tzids <= {tz.strip() for tz in defined}
    for component in ("VEVENT",):
        assert f"BEGIN:{component}" in unfolded
    assert re.search(r"^UID:.+$", unfolded, re.MULTILINE)
    assert re.search(r"^DTSTAMP:\d{8}T\d{6}Z\r$", unfolded, re.MULTILINE)
    assert "PRODID:" in unfolded and "VERSION:2.0" in unfolded
    return Calendar.from_ical(raw)


def test_invite_is_a_valid_request_in_the_conference_time_zone(slot, speaker, book):
    booking = book(slot, speaker)

    raw = calendar.booking_invite(booking)

    parsed = assert_rfc5545(raw)
    assert parsed["METHOD"] == "REQUEST"
    event = parsed.walk("VEVENT")[0]
    assert event["DTSTART"].dt == slot.starts_at
    assert b"DTSTART;TZID=Europe/London:" in raw
    assert str(event["ORGANIZER"]) == "mailto:mentor@summit.test"
    assert {str(attendee) for attendee in event["ATTENDEE"]} == {
        "mailto:mentor@summit.test",
        "mailto:speaker@summit.test",
    }


def test_invite_is_attached_as_text_calendar(slot, speaker, book):
    book(slot, speaker)

    raw_mail = mail.outbox[0].message().as_bytes()

    assert b'Content-Type: text/calendar; method="REQUEST"' in raw_mail or b"text/calendar; method=REQUEST" in raw_mail


def test_cancellation_keeps_uid_and_raises_sequence(slot, speaker, book, commit):
    booking = book(slot, speaker)
    request = assert_rfc5545(calendar.booking_invite(booking)).walk("VEVENT")[0]

    commit(booking_cancel, booking=booking, by=speaker)
    booking.refresh_from_db()
    cancelled = assert_rfc5545(calendar.booking_invite(booking))

    event = cancelled.walk("VEVENT")[0]
    assert cancelled["METHOD"] == "CANCEL"
    assert event["UID"] == request["UID"]
    assert event["SEQUENCE"] > request["SEQUENCE"]
    assert event["STATUS"] == "CANCELLED"


def test_mentor_feed_lists_bookings_at_a_secret_revocable_url(client, conference, mentor, slot, speaker, book):
    book(slot, speaker)
    feed = mentor_feed_for(conference=conference, mentor=mentor)
    url = reverse("office_hours:mentor-feed", args=[feed.token])

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    parsed = assert_rfc5545(response.content)
    assert len(parsed.walk("VEVENT")) == 1
    mentor_feed_revoke(conference=conference, mentor=mentor)
    assert client.get(url).status_code == 404


def test_mentor_feed_of_former_mentor_is_gone(client, conference, mentor):
    feed = mentor_feed_for(conference=conference, mentor=mentor)
    mentor.conference_roles.all().delete()

    assert client.get(reverse("office_hours:mentor-feed", args=[feed.token])).status_code == 404
