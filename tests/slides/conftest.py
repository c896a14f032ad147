"""Slides under test: the shared conference (London, a month away, draft due in ten days), an accepted
talk with its speaker scheduled in room 1 on day 1, real PDFs made by WeasyPrint, and the private
storage moved into the test's temporary folder."""

import datetime as dt
import functools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from demo.slides import render_deck
from schedule.models import ScheduleSlot
from tests.factories import EmailAddressFactory, RoomFactory, ScheduleSlotFactory
from tests.factories.cfp import SubmissionFactory


@pytest.fixture(autouse=True)
def _events_checked(events_are_valid):
    """Every event the code under test writes is checked against its schema and CloudEvents."""


@pytest.fixture
def slides_dir(tmp_path):
    """The private slides storage: tests/conftest.py puts it in the test's folder."""
    return tmp_path / "slides"


@pytest.fixture
def stored_files(slides_dir):
    """Lists what is in the private slides storage."""
    return lambda: sorted(p.relative_to(slides_dir).as_posix() for p in slides_dir.rglob("*") if p.is_file())


@functools.cache
def _deck(pages: int) -> bytes:
    return render_deck(f"A deck of {pages} pages", pages)


@pytest.fixture
def pdf_bytes():
    return _deck


@pytest.fixture
def pdf_upload():
    """`pdf_upload(pages=5)`: a real PDF as an uploaded file."""

    def make(pages: int = 5, name: str = "deck.pdf") -> SimpleUploadedFile:
        return SimpleUploadedFile(name, _deck(pages), content_type="application/pdf")

    return make


HTML = b"<!doctype html><html><head><title>Slides</title></head><body><p>Not a PDF.</p></body></html>\n"


@pytest.fixture
def html_as_pdf():
    return lambda: SimpleUploadedFile("deck.pdf", HTML, content_type="application/pdf")


@pytest.fixture
def polyglot():
    """An HTML page with a PDF appended: a browser and a PDF reader see different documents."""
    return lambda: SimpleUploadedFile("deck.pdf", HTML + _deck(2), content_type="application/pdf")


def refusal(data: bytes, *, max_bytes: int = 50 * 2**20, max_pages: int = 300) -> str:
    """What slides.pdf says about these bytes: tests compare pages with it, not with a copy of its wording."""
    from slides.pdf.check import PdfRejected, check_pdf

    try:
        check_pdf(SimpleUploadedFile("deck.pdf", data), max_bytes=max_bytes, max_pages=max_pages)
    except PdfRejected as error:
        return error.messages[0]
    raise AssertionError("slides.pdf accepted these bytes")


@pytest.fixture
def polyglot_refusal():
    return refusal(HTML + _deck(2))


@pytest.fixture
def conference(conference):
    now = timezone.now()
    conference.timezone = "Europe/London"
    conference.start_date = (now + dt.timedelta(days=30)).date()
    conference.end_date = conference.start_date + dt.timedelta(days=1)
    conference.slides_draft_deadline = now + dt.timedelta(days=10)
    conference.save(update_fields=["timezone", "start_date", "end_date", "slides_draft_deadline"])
    return conference


def _speaker(email: str, name: str):
    return EmailAddressFactory(user__email=email, user__name=name).user


@pytest.fixture
def speaker(db):
    return _speaker("speaker@summit.test", "Ada Lovelace")


@pytest.fixture
def other_speaker(db):
    return _speaker("other-speaker@summit.test", "Alan Turing")


@pytest.fixture
def room(conference):
    return RoomFactory(conference=conference, name="Room 1")


@pytest.fixture
def talk(conference, speaker, room):
    """Ada's confirmed talk, scheduled at 10:00 on the first day in room 1."""
    submission = SubmissionFactory(conference=conference, speakers=[speaker], state="confirmed", title="Exactly once")
    ScheduleSlotFactory(conference=conference, room=room, kind=ScheduleSlot.Kind.TALK, submission=submission, title="")
    return submission


@pytest.fixture
def other_talk(conference, other_speaker, room):
    return SubmissionFactory(conference=conference, speakers=[other_speaker], state="confirmed", title="Tiered storage")
