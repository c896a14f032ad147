"""A few files of each corpus family through the real pages, to show that what the services refuse
is refused end to end: the speaker sees the reason on the page and nothing is stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from accounts.models import SpeakerProfile
from events.models import OutboxEvent
from slides.models import SlideVersion, TalkSlides
from tests.corpus.generate import CorpusFile, pdf_files, photo_files

pytestmark = pytest.mark.django_db


def first_refused_of_each_family(files: list[CorpusFile]) -> list[CorpusFile]:
    """An empty file never reaches the services from a page: Django's file field says it is empty."""
    chosen: dict[str, CorpusFile] = {}
    for file in files:
        answered_by_the_service = file.expected not in ("accepted", "reencoded", "empty") and file.make()
        if answered_by_the_service and (file.max_pages, file.max_size_mb) == (300, 50):
            chosen.setdefault(file.family, file)
    return list(chosen.values())


def refusal_message(file: CorpusFile, check) -> str:
    try:
        check(SimpleUploadedFile(file.file_name, file.make(), content_type=file.content_type))
    except Exception as error:  # noqa: BLE001 (a PdfRejected or a ValidationError: both carry .messages)
        return error.messages[0]
    raise AssertionError(f"{file.id} was accepted")


@pytest.mark.parametrize("corpus_file", first_refused_of_each_family(pdf_files()), ids=lambda file: file.id)
def test_corpus_deck_through_the_upload_page_shows_the_reason_and_stores_nothing(
    corpus_file, client_for, speaker, talk, stored_files
):
    from slides.pdf.check import check_pdf

    deck = SimpleUploadedFile(corpus_file.file_name, corpus_file.make(), content_type=corpus_file.content_type)

    response = client_for(speaker).post(reverse("slides:upload", args=[talk.code]), {"kind": "draft", "file": deck})

    expected = refusal_message(
        corpus_file, lambda f: check_pdf(f, max_bytes=50 * 2**20, max_pages=300, content_type=f.content_type)
    )
    assert response.status_code == 200
    assert escape(expected) in response.content.decode()
    assert stored_files() == [] and not SlideVersion.objects.exists() and not TalkSlides.objects.exists()
    assert not OutboxEvent.objects.exists()


@pytest.mark.parametrize("corpus_file", first_refused_of_each_family(photo_files()), ids=lambda file: file.id)
def test_corpus_photo_through_the_profile_page_shows_the_reason_and_stores_nothing(
    corpus_file, client_for, profile_owner, stored_media
):
    from accounts.validators import validate_profile_photo

    photo = SimpleUploadedFile(corpus_file.file_name, corpus_file.make(), content_type=corpus_file.content_type)
    typed = {"name": "Sam Speaker", "locale": "en", "bio": "My carefully typed bio"}

    response = client_for(profile_owner).post(reverse("accounts:profile"), typed | {"photo": photo})

    assert response.status_code == 200
    assert response.context["form"].errors["photo"] == [refusal_message(corpus_file, validate_profile_photo)]
    assert "My carefully typed bio" in response.content.decode()
    assert stored_media() == [] and SpeakerProfile.objects.get(user=profile_owner).photo.name == ""
    assert not OutboxEvent.objects.exists()
