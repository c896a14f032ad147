"""iCalendar (RFC 5545) for bookings: e-mailed invites (iTIP REQUEST / CANCEL) and the mentor's feed.

Times carry the conference's TZID with a VTIMEZONE built from zoneinfo; a cancellation keeps the
invite's UID and raises its SEQUENCE, so calendars replace the event instead of adding one."""

from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from office_hours.models import Booking

PRODID = "-//Summit//Office hours//EN"


def booking_uid(booking: Booking) -> str:
    return f"office-hours-{booking.code}@summit"


def _calendar(method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def _address(user, role: str | None = None) -> vCalAddress:
    address = vCalAddress(f"mailto:{user.email}")
    address.params["CN"] = vText(user.name or user.email)
    if role:
        address.params["ROLE"] = vText(role)
        address.params["PARTSTAT"] = vText("ACCEPTED")
    return address


def _event(booking: Booking, cancelled: bool) -> Event:
    slot = booking.slot
    tz = booking.conference.tzinfo
    event = Event()
    event.add("uid", booking_uid(booking))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", booking.starts_at.astimezone(tz))
    event.add("dtend", booking.ends_at.astimezone(tz))
    event.add("sequence", booking.sequence)
    event.add(
        "summary",
        f"{slot.get_kind_display()}: {booking.speaker.name or booking.speaker.email} "
        f"/ {slot.mentor.name or slot.mentor.email} ({booking.conference.name})",
    )
    where = slot.video_url or slot.room
    event.add("location", where)
    if slot.video_url:
        event.add("url", slot.video_url)
    event.add("description", booking.note)
    event.add("organizer", _address(slot.mentor))
    event.add("attendee", _address(slot.mentor, "CHAIR"))
    event.add("attendee", _address(booking.speaker, "REQ-PARTICIPANT"))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def booking_invite(booking: Booking) -> bytes:
    """The invite mailed when a booking is made, or its cancellation once it is cancelled."""
    cancelled = not booking.is_active
    calendar = _calendar("CANCEL" if cancelled else "REQUEST")
    calendar.add_component(_event(booking, cancelled))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def booking_download(booking: Booking) -> bytes:
    """The booking as a file to add to a calendar by hand (PUBLISH): the same event as the invite,
    so a calendar that already has it from the e-mail updates it rather than adding a second."""
    calendar = _calendar("PUBLISH")
    calendar.add_component(_event(booking, cancelled=not booking.is_active))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def mentor_feed(bookings, name: str) -> bytes:
    calendar = _calendar(None)
    calendar.add("x-wr-calname", name)
    for booking in bookings:
        calendar.add_component(_event(booking, cancelled=not booking.is_active))
    calendar.add_missing_timezones()
    return calendar.to_ical()
