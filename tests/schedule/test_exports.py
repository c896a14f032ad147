"""The exports validate against the official schemas (vendored in schedule/schemas/) with zero
errors, and the iCalendar is strict RFC 5545 on the raw bytes."""

import json
import re

import jsonschema
import pytest
import xmlschema
from django.conf import settings

from schedule.services.releases import release_publish
from schedule.services.slots import slot_create_block, slot_place_talk

pytestmark = pytest.mark.django_db

SCHEMAS = settings.BASE_DIR / "schedule" / "schemas"


@pytest.fixture
def full_programme(released, conference, rooms, make_talk, organiser, at, speaker):
    """Keynote across all rooms, lunch, a talk with links and a co-speaker, a non-ASCII title; v2."""
    keynote = make_talk("Keynote: streams everywhere", speakers=[speaker])
    slot_place_talk(conference=conference, submission=keynote, room=None, starts_at=at(0, "09:00"), by=organiser)
    slot_create_block(
        conference=conference,
        kind="lunch",
        title="Lunch",
        room=None,
        starts_at=at(0, "12:20"),
        ends_at=at(0, "13:20"),
        by=organiser,
    )
    linked = make_talk(
        "Café & Kafka: über-long titles — with “quotes” and <angle> brackets that go on and on for a long while",
        video_url="https://video.example/talk",
        slides_url="https://slides.example/deck",
    )
    slot_place_talk(conference=conference, submission=linked, room=rooms[0], starts_at=at(1, "10:00"), by=organiser)
    return release_publish(conference=conference, version="v2", by=organiser)


def test_schedule_xml_is_valid_frab(client, conference, full_programme):
    response = client.get(f"/{conference.slug}/schedule.xml")

    schema = xmlschema.XMLSchema(str(SCHEMAS / "schedule.xml.xsd"))
    errors = [str(error) for error in schema.iter_errors(response.content.decode())]
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert errors == []
    assert response.content.count(b"<event ") == 5


def test_schedule_json_is_valid_c3voc(client, conference, full_programme):
    response = client.get(f"/{conference.slug}/schedule.json")

    schema = json.loads((SCHEMAS / "schedule.json").read_text())
    validator = jsonschema.Draft6Validator(schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)
    document = response.json()
    errors = [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(document)]
    assert errors == []
    days = document["schedule"]["conference"]["days"]
    assert sum(len(events) for day in days for events in day["rooms"].values()) == 5
    assert document["schedule"]["version"] == "v2"


def unfolded_events(raw: bytes) -> list[str]:
    text = raw.decode().replace("\r\n ", "")
    return re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", text, re.S)


def test_schedule_ics_is_strict_rfc5545(client, conference, full_programme):
    raw = client.get(f"/{conference.slug}/schedule.ics").content

    lines = raw.split(b"\r\n")
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    tzids = set(re.findall(rb"TZID=([^:;]+)", raw))
    defined = set(re.findall(rb"BEGIN:VTIMEZONE\r\nTZID:([^\r]+)", raw))
    assert tzids == {b"America/Los_Angeles"} and tzids <= defined
    events = unfolded_events(raw)
    assert len(events) == 5
    assert all("\r\nUID:" in "\r\n" + event and "\r\nDTSTAMP:" in "\r\n" + event for event in events)
    assert len({re.search(r"UID:(\S+)", event).group(1) for event in events}) == 5


def test_exports_keep_guids_when_a_talk_moves(client, conference, released, talk, rooms, organiser, at):
    from schedule.models import ScheduleSlot
    from schedule.services.slots import slot_move

    before = client.get(f"/{conference.slug}/schedule.json").json()
    slot_move(slot=ScheduleSlot.objects.get(submission=talk), room=rooms[2], starts_at=at(2, "15:00"), by=organiser)
    release_publish(conference=conference, version="v2", by=organiser)

    after = client.get(f"/{conference.slug}/schedule.json").json()

    def guids(document):
        days = document["schedule"]["conference"]["days"]
        return {event["guid"] for day in days for events in day["rooms"].values() for event in events}

    assert guids(before) == guids(after)
