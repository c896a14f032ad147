"""iCalendar (RFC 5545) of the released schedule or of a person's starred talks."""

import datetime as dt

from django.urls import reverse
from icalendar import Calendar, Event

from schedule.exports import site_url
from schedule.programme import Item, Programme


def calendar_bytes(programme: Programme, items: list[Item], *, name: str, stamp: dt.datetime) -> bytes:
    """CRLF line ends, lines folded at 75 octets, a VTIMEZONE for the conference's zone (all done by
    `icalendar`); a UID that survives moves and a DTSTAMP on every event."""
    slug = programme.conference["slug"]
    calendar = Calendar()
    calendar.add("prodid", "-//Summit//Schedule//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", programme.conference["timezone"])
    for item in items:
        event = Event()
        event.add("uid", f"{item.guid}@summit")
        event.add("dtstamp", stamp.astimezone(dt.UTC))
        event.add("dtstart", item.starts_at)
        event.add("dtend", item.ends_at)
        event.add("summary", item.title)
        names = ", ".join(speaker["name"] for speaker in item.speakers)
        event.add("location", item.room_name or "All rooms")
        description = "\n\n".join(part for part in (names, item.abstract) if part)
        if description:
            event.add("description", description)
        if item.is_talk:
            event.add("url", site_url(reverse("schedule:talk", kwargs={"slug": slug, "code": item.code})))
        if item.track:
            event.add("categories", [item.track["name"]])
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def reservation_invite(*, uid: str, sequence: int, cancelled: bool, item: Item, stamp: dt.datetime) -> bytes:
    """The iTIP REQUEST (or CANCEL) mailed with a seat: one UID per reservation, its SEQUENCE raised
    at each change, so a calendar replaces the event instead of adding a second."""
    calendar = Calendar()
    calendar.add("prodid", "-//Summit//Reservations//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("dtstart", item.starts_at)
    event.add("dtend", item.ends_at)
    event.add("sequence", sequence)
    event.add("summary", item.title)
    event.add("location", item.room_name or "All rooms")
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
