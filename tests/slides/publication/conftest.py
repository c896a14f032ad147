"""A conference in Europe/London with two rooms, three confirmed talks placed on its first day and
released; `final(talk)` gives a talk a final deck (a real one-page PDF in a throwaway slides storage)."""

import datetime as dt
import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfWriter

from schedule.services.releases import release_publish
from schedule.services.slots import slot_place_talk
from slides.models import Kind, SlideVersion, TalkSlides
from tests.factories import RoomFactory, SubmissionTypeFactory, UserFactory
from tests.factories.cfp import SubmissionFactory


@pytest.fixture(autouse=True)
def _events_checked(events_are_valid):
    """Every event written is checked against its schema and CloudEvents."""


@pytest.fixture(autouse=True)
def _private_slides(settings, tmp_path):
    settings.STORAGES = settings.STORAGES | {
        "slides": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "slides"), "base_url": None},
        },
    }


def pdf_bytes(pages: int = 1, marker: str = "") -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(200, 150)
    writer.add_metadata({"/Title": marker or "deck"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def conference(conference):
    conference.timezone = "Europe/London"
    conference.start_date, conference.end_date = dt.date(2030, 3, 4), dt.date(2030, 3, 5)
    conference.save()
    return conference


@pytest.fixture
def at(conference):
    def make(day: int, clock: str) -> dt.datetime:
        date = conference.start_date + dt.timedelta(days=day)
        return dt.datetime.combine(date, dt.time.fromisoformat(clock), tzinfo=conference.tzinfo)

    return make


@pytest.fixture
def rooms(conference):
    return [
        RoomFactory(conference=conference, name="Room 1", position=0, is_plenary=True),
        RoomFactory(conference=conference, name="Room 2", position=1),
    ]


@pytest.fixture
def speaker(db):
    return UserFactory(email="speaker@summit.test", name="Ada Lovelace")


@pytest.fixture
def other_speaker(db):
    return UserFactory(email="other-speaker@summit.test", name="Alan Turing")


@pytest.fixture
def make_talk(conference):
    talk_type = SubmissionTypeFactory(conference=conference, name="Talk", duration_minutes=40)

    def make(title: str, *, speakers, state: str = "confirmed"):
        return SubmissionFactory(
            conference=conference, title=title, state=state, speakers=speakers, submission_type=talk_type
        )

    return make


@pytest.fixture
def talks(conference, rooms, make_talk, speaker, other_speaker, organiser, at):
    """Room 1 on day 1: 11:00 "Streams: a/b" by Ada, 09:30 "Consumer lag" by Alan; Room 2: 10:00."""
    second = make_talk("Streams: a/b <testing>", speakers=[speaker])
    first = make_talk("Consumer lag explained", speakers=[other_speaker])
    elsewhere = make_talk("Elsewhere", speakers=[UserFactory(name="Grace Hopper")])
    slot_place_talk(conference=conference, submission=second, room=rooms[0], starts_at=at(0, "11:00"), by=organiser)
    slot_place_talk(conference=conference, submission=first, room=rooms[0], starts_at=at(0, "09:30"), by=organiser)
    slot_place_talk(conference=conference, submission=elsewhere, room=rooms[1], starts_at=at(0, "10:00"), by=organiser)
    release_publish(conference=conference, version="v1", by=organiser)
    return [first, second, elsewhere]


@pytest.fixture
def final():
    """`final(submission, content=None, kind="final")`: a stored version, as core's upload leaves it."""

    def make(submission, content: bytes | None = None, kind: str = Kind.FINAL) -> SlideVersion:
        content = content or pdf_bytes(marker=submission.code)
        talk, _ = TalkSlides.objects.get_or_create(submission=submission)
        number = talk.versions.count() + 1
        version = SlideVersion(
            talk=talk,
            number=number,
            kind=kind,
            sha256=hashlib.sha256(content).hexdigest(),
            size_bytes=len(content),
            page_count=1,
            original_name="deck.pdf",
            uploaded_at=timezone.now(),
        )
        version.file.save("deck.pdf", ContentFile(content), save=False)
        version.save()
        talk.status = "final_in" if kind == Kind.FINAL else "draft_in"
        talk.save(update_fields=["status"])
        return version

    return make
