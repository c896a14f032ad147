"""frab / c3voc schedule XML (application/vnd.c3voc.schedule+xml), valid against schedule.xml.xsd."""

from xml.etree.ElementTree import Element, SubElement, tostring

from django.urls import reverse

from schedule.exports import GENERATOR, acronym, duration, event_slug, event_type, person_guid, person_id, site_url
from schedule.media import TalkMedia
from schedule.programme import Programme


def _text(parent: Element, tag: str, value: str) -> Element:
    element = SubElement(parent, tag)
    element.text = value
    return element


def schedule_xml(programme: Programme, media: dict[str, TalkMedia] | None = None) -> bytes:
    """`media`: the talks' published decks (attachments) and videos (links), by talk code."""
    media = media or {}
    conf = programme.conference
    slug = conf["slug"]
    root = Element("schedule")
    SubElement(root, "generator", name=GENERATOR)
    _text(root, "url", site_url(reverse("schedule:export-xml", kwargs={"slug": slug})))
    _text(root, "version", programme.version)
    conference = SubElement(root, "conference")
    _text(conference, "acronym", acronym(slug))
    _text(conference, "title", conf["name"])
    _text(conference, "start", conf["start_date"])
    _text(conference, "end", conf["end_date"])
    _text(conference, "days", str((programme.end_date - programme.start_date).days + 1))
    _text(conference, "timeslot_duration", "00:05")
    _text(conference, "base_url", site_url("/"))
    if conf["website"].startswith(("http://", "https://")):
        _text(conference, "url", conf["website"])
    _text(conference, "time_zone_name", conf["timezone"])
    for track in programme.tracks.values():
        SubElement(conference, "track", name=track["name"], color=track["colour"].lower(), slug=track["slug"])
    plenary = next(
        (room for room in programme.rooms if room["is_plenary"]), programme.rooms[0] if programme.rooms else None
    )
    for day in programme.days:
        day_element = SubElement(
            root,
            "day",
            index=str(day.index),
            date=day.date.isoformat(),
            start=day.starts_at.isoformat(),
            end=day.ends_at.isoformat(),
        )
        for room in programme.rooms:
            # Blocks for everyone are listed in the plenary room: frab has no "all rooms".
            items = [item for item in day.items if (item.room or plenary)["id"] == room["id"]]
            room_element = SubElement(day_element, "room", name=room["name"])
            for item in items:
                event = SubElement(room_element, "event", id=str(item.id), guid=item.guid)
                _text(event, "room", room["name"])
                _text(event, "title", item.title)
                _text(event, "subtitle", "")
                _text(event, "type", event_type(item))
                _text(event, "date", item.starts_at.isoformat())
                _text(event, "start", item.starts_at.strftime("%H:%M"))
                _text(event, "duration", duration(item))
                _text(event, "abstract", item.abstract)
                _text(event, "slug", event_slug(slug, item))
                _text(event, "track", item.track["name"] if item.track else "")
                persons = SubElement(event, "persons")
                for speaker in item.speakers:
                    person = _text(persons, "person", speaker["name"])
                    person.set("id", str(person_id(speaker["code"])))
                    person.set("guid", person_guid(speaker["code"]))
                _text(event, "language", item.language or "en")
                _text(event, "description", "")
                found = media.get(item.code) if item.is_talk else None
                links = SubElement(event, "links")
                if found and found.video:
                    link = _text(links, "link", "Video")
                    link.set("href", found.video.url)
                    link.set("type", "video")
                attachments = SubElement(event, "attachments")
                if found and found.deck:
                    attachment = _text(attachments, "attachment", "Slides")
                    attachment.set("href", site_url(found.deck.url))
                    attachment.set("type", "slides")
                if item.is_talk:
                    _text(event, "url", site_url(reverse("schedule:talk", kwargs={"slug": slug, "code": item.code})))
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(root, encoding="unicode").encode()
