"""Version numbers under load, on real PostgreSQL: co-speakers upload at the same moment, from
separate connections, into a talk without a slide record yet; each upload gets its own number and
its own stored file, and the talk has one record."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections

from slides.models import SlideVersion, TalkSlides
from slides.services.uploads import version_upload
from tests.factories import EmailAddressFactory
from tests.factories.cfp import SubmissionFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

RACERS = 8


def test_concurrent_first_uploads_get_distinct_numbers_and_one_record(conference, pdf_bytes, stored_files):
    speakers = [EmailAddressFactory(user__email=f"co{n}@summit.test").user for n in range(RACERS)]
    talk = SubmissionFactory(conference=conference, speakers=speakers, state="confirmed")
    start = threading.Barrier(RACERS)
    errors: list[BaseException] = []
    data = pdf_bytes(3)

    def attempt(speaker) -> None:
        try:
            start.wait()
            file = SimpleUploadedFile(f"{speaker.pk}.pdf", data, content_type="application/pdf")
            version_upload(submission=talk, user=speaker, file=file, kind="draft")
        except BaseException as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(speaker,)) for speaker in speakers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert TalkSlides.objects.filter(submission=talk).count() == 1
    numbers = sorted(SlideVersion.objects.filter(talk__submission=talk).values_list("number", flat=True))
    assert numbers == list(range(1, RACERS + 1))
    names = set(SlideVersion.objects.values_list("file", flat=True))
    assert len(names) == RACERS  # same content, one stored file per version
    assert len([name for name in stored_files() if name.endswith(".pdf")]) == RACERS
