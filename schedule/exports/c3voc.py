"""c3voc schedule JSON, valid against schedule.json (JSON Schema draft-06)."""

import uuid
from typing import Any

from django.urls import reverse

from schedule.exports import GENERATOR, acronym, duration, event_slug, event_type, person_guid, person_id, site_url
from schedule.media import TalkMedia
from schedule.programme import Programme


def schedule_json(programme: Programme, media: dict[str, TalkMedia] | None = None) -> dict[str, Any]:
    """`media`: the talks' published decks (attachments) and videos (links), by talk code."""
    media = media or {}
    conf = programme.conference
    slug = conf["slug"]
    plenary = next(
        (room for room in programme.rooms if room["is_plenary"]), programme.rooms[0] if programme.rooms else None
    )
    days = []
    for day in programme.days:
        rooms: dict[str, list] = {room["name"]: [] for room in programme.rooms}
        for item in day.items:
            room = item.room or plenary
            if room is None:
                continue
            talk_url = (
                site_url(reverse("schedule:talk", kwargs={"slug": slug, "code": item.code}))
                if item.is_talk
                else site_url(reverse("schedule:grid", kwargs={"slug": slug}))
            )
            found = media.get(item.code) if item.is_talk else None
            # No "end" and no "code": the c3voc tools turn every key of an event into an XML element or
            # attribute, and schedule.xml.xsd allows no <end> and only pretalx's 6-character codes (ours
            # have 8). The end is date + duration; the talk's code is in its url.
            rooms[room["name"]].append(
                {
                    "guid": item.guid,
                    "id": item.id,
                    "date": item.starts_at.isoformat(),
                    "start": item.starts_at.strftime("%H:%M"),
                    "duration": duration(item),
                    "room": room["name"],
                    "slug": event_slug(slug, item),
                    "url": talk_url,
                    "title": item.title,
                    "subtitle": None,
                    "track": item.track["name"] if item.track else None,
                    "type": event_type(item),
                    "language": item.language or None,
                    "abstract": item.abstract or None,
                    "description": None,
                    "persons": [
                        {
                            "id": person_id(speaker["code"]),
                            "code": speaker["code"],
                            "name": speaker["name"],
                            "guid": person_guid(speaker["code"]),
                            "biography": speaker["bio"] or None,
                            "url": site_url(
                                reverse("schedule:speaker", kwargs={"slug": slug, "code": speaker["code"]})
                            ),
                        }
                        for speaker in item.speakers
                    ],
                    "links": (
                        [{"type": "media", "url": found.video.url, "title": "Video"}] if found and found.video else []
                    ),
                    "attachments": (
                        [{"type": "slides", "url": site_url(found.deck.url), "title": "Slides"}]
                        if found and found.deck
                        else []
                    ),
                }
            )
        days.append(
            {
                "index": day.index,
                "date": day.date.isoformat(),
                "day_start": day.starts_at.isoformat(),
                "day_end": day.ends_at.isoformat(),
                "rooms": rooms,
            }
        )
    conference: dict[str, Any] = {
        "acronym": acronym(slug),
        "title": conf["name"],
        "start": conf["start_date"],
        "end": conf["end_date"],
        "daysCount": (programme.end_date - programme.start_date).days + 1,
        "timeslot_duration": "00:05",
        "time_zone_name": conf["timezone"],
        "url": site_url(reverse("schedule:grid", kwargs={"slug": slug})),
        "tracks": [
            {"name": track["name"], "slug": track["slug"], "color": track["colour"].lower()}
            for track in programme.tracks.values()
        ],
        "rooms": [
            {
                "name": room["name"],
                "guid": room_guid(slug, room["id"]),
                "capacity": room["capacity"],
                "description": room["description"] or None,
            }
            for room in programme.rooms
        ],
        "days": days,
    }
    return {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": GENERATOR},
        "schedule": {"version": programme.version, "base_url": site_url("/"), "conference": conference},
    }


def room_guid(slug: str, room_id: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, site_url(f"/{slug}/rooms/{room_id}")))
