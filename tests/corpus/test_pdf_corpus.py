"""Every malformed or malicious deck of the corpus (tests/corpus/generate.py) goes through the
upload service, `slides.services.uploads.version_upload`: refused with its code, a message that
names what is wrong, in English and in French, and nothing stored: no file, no row, no event.
A sample by default; all of them with SUMMIT_FULL_CORPUS=1."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from events.models import OutboxEvent
from slides.models import SlideVersion, TalkSlides
from slides.pdf.check import PdfRejected
from slides.services.uploads import version_upload
from tests.corpus.generate import CorpusFile, pdf_files, sample
from tests.factories import SlidesSettingsFactory

pytestmark = pytest.mark.django_db

FILES = sample(pdf_files())
REFUSED = [file for file in FILES if file.expected != "accepted"]
ACCEPTED = [file for file in FILES if file.expected == "accepted"]


def upload(conference, file: CorpusFile) -> SimpleUploadedFile:
    if (file.max_pages, file.max_size_mb) != (300, 50):
        SlidesSettingsFactory(conference=conference, max_pages=file.max_pages, max_size_mb=file.max_size_mb)
        conference.refresh_from_db()
    return SimpleUploadedFile(file.file_name, file.make(), content_type=file.content_type)


@pytest.mark.parametrize("corpus_file", REFUSED, ids=lambda file: file.id)
def test_corpus_deck_is_refused_with_its_reason_and_nothing_is_stored(
    corpus_file, conference, talk, speaker, stored_files
):
    deck = upload(conference, corpus_file)

    with pytest.raises(PdfRejected) as refused:
        version_upload(submission=talk, user=speaker, file=deck, kind="draft", content_type=corpus_file.content_type)

    assert refused.value.code == corpus_file.expected
    message = refused.value.messages[0]
    assert [words for words in corpus_file.says if words not in message] == []
    with translation.override("fr"):
        french = refused.value.messages[0]
    assert french != message and "%(" not in message + french
    assert stored_files() == []
    assert not TalkSlides.objects.exists() and not SlideVersion.objects.exists()
    assert not OutboxEvent.objects.exists()


@pytest.mark.parametrize("corpus_file", ACCEPTED, ids=lambda file: file.id)
def test_corpus_control_deck_is_stored(corpus_file, conference, talk, speaker, stored_files):
    version = version_upload(submission=talk, user=speaker, file=upload(conference, corpus_file), kind="draft")

    assert version.file.name in stored_files()
    assert SlideVersion.objects.get() == version


def test_corpus_has_a_thousand_files_in_every_family():
    decks = pdf_files()
    from tests.corpus.generate import photo_files

    families = {file.family for file in decks}
    assert len(decks) + len(photo_files()) >= 1000
    assert {
        "truncated",
        "bit-flip-header",
        "bit-flip-xref-trailer",
        "wrong-content",
        "polyglot",
        "encrypted",
        "too-many-pages",
        "decompression-bomb",
        "dangerous-action",
        "hidden-content",
        "damaged",
    } <= families
    assert len({file.id for file in decks}) == len(decks)  # each named once
