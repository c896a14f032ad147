"""The exports as real clients read them, each client in its own venv (clients/, scripts/client-venvs.sh):
the C3 video team's library loads the c3voc JSON and its re-serialised XML validates against the frab
XSD; schedule-convert reads the frab XML and understands every talk, room, time and speaker."""

import fcntl
import json
import subprocess
from pathlib import Path

import pytest
import xmlschema
from django.conf import settings

from schedule.services.releases import release_publish
from schedule.services.slots import slot_create_block, slot_place_talk
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CLIENTS = settings.BASE_DIR / "clients"
VENVS = settings.BASE_DIR / ".venv-clients"
XSD = settings.BASE_DIR / "schedule" / "schemas" / "schedule.xml.xsd"


@pytest.fixture(scope="session")
def client_python():
    """`client_python(name)`: the interpreter of that client's venv, built on first use (one builder at a
    time across xdist workers) and only rebuilt when its pins change."""
    VENVS.mkdir(exist_ok=True)
    with open(VENVS / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run([settings.BASE_DIR / "scripts" / "client-venvs.sh"], check=True, capture_output=True)

    def python(name: str) -> Path:
        return VENVS / name / "bin" / "python"

    return python


def run_client(python: Path, script: str, *args: Path) -> dict:
    done = subprocess.run([python, CLIENTS / script, *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def programme(conference, rooms, make_talk, speaker, other_speaker, organiser, at):
    """A keynote across all rooms, lunch, two talks side by side (one with a co-speaker), released as v3."""
    co_speaker = UserFactory(name="Grace Hopper")
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
    pair = make_talk("Café & Kafka: “quotes” and <brackets>", speakers=[other_speaker, co_speaker])
    slot_place_talk(conference=conference, submission=pair, room=rooms[0], starts_at=at(1, "10:00"), by=organiser)
    solo = make_talk("Exactly-once in practice", speakers=[speaker])
    slot_place_talk(conference=conference, submission=solo, room=rooms[1], starts_at=at(1, "10:00"), by=organiser)
    return release_publish(conference=conference, version="v3", by=organiser)


def test_c3voc_library_loads_the_json_and_its_xml_is_valid_frab(
    client, conference, programme, client_python, tmp_path, speaker, other_speaker
):
    exported = tmp_path / "schedule.json"
    exported.write_bytes(client.get(f"/{conference.slug}/schedule.json").content)
    reserialised = tmp_path / "schedule.xml"

    read = run_client(client_python("c3voc-schedule-tools"), "c3voc_roundtrip.py", exported, reserialised)

    errors = [str(error) for error in xmlschema.XMLSchema(str(XSD)).iter_errors(reserialised.read_text())]
    assert errors == []
    assert read["version"] == "v3"
    assert read["days"] == 2  # the days with a programme
    by_title = {event["title"]: event for event in read["events"]}
    assert set(by_title) == {
        "Keynote: streams everywhere",
        "Lunch",
        "Café & Kafka: “quotes” and <brackets>",
        "Exactly-once in practice",
    }
    assert by_title["Café & Kafka: “quotes” and <brackets>"]["persons"] == [other_speaker.name, "Grace Hopper"]
    assert by_title["Exactly-once in practice"]["persons"] == [speaker.name]
    assert by_title["Exactly-once in practice"]["date"].endswith("10:00:00-07:00")


def test_schedule_convert_reads_every_talk_room_time_and_speaker_of_the_xml(
    client, conference, programme, client_python, tmp_path, rooms, speaker, other_speaker
):
    exported = tmp_path / "schedule.xml"
    exported.write_bytes(client.get(f"/{conference.slug}/schedule.xml").content)

    read = run_client(client_python("schedule-convert"), "schedule_convert_read.py", exported)

    assert read["title"] == conference.name
    assert read["days"] == ["2030-09-30", "2030-10-01"]  # the days with a programme
    talks = {event["title"]: event for event in read["events"]}
    pair = talks["Café & Kafka: “quotes” and <brackets>"]
    solo = talks["Exactly-once in practice"]
    # frab keys speakers on their integer id: without one, every talk got the first talk's speaker.
    assert pair["speakers"] == [other_speaker.name, "Grace Hopper"]
    assert solo["speakers"] == [speaker.name]
    assert (pair["room"], pair["start"], pair["duration"]) == (rooms[0].name, "2030-10-01T10:00:00", 40)
    assert (solo["room"], solo["start"]) == (rooms[1].name, "2030-10-01T10:00:00")
    assert talks["Lunch"]["duration"] == 60
