"""Every malformed or malicious photo of the corpus (tests/corpus/generate.py) goes through the
profile service, `accounts.services.profile_update`, which validates the photo as the profile form
does: refused with its code and message, in English and in French, and nothing stored (no file,
the profile without a photo, no event). An image with another format after it is stored as a new
image, without the other format. A sample by default; all of them with SUMMIT_FULL_CORPUS=1."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from accounts.models import SpeakerProfile
from accounts.services import profile_update
from events.models import OutboxEvent
from tests.corpus.generate import photo_files, sample

pytestmark = pytest.mark.django_db

FILES = sample(photo_files())
REFUSED = [file for file in FILES if file.expected != "reencoded"]
REENCODED = [file for file in FILES if file.expected == "reencoded"]
FOREIGN_MARKERS = (b"<html", b"<script", b"PK\x03\x04", b"%PDF-", b"MZ\x90")


@pytest.mark.parametrize("corpus_file", REFUSED, ids=lambda file: file.id)
def test_corpus_photo_is_refused_with_its_reason_and_nothing_is_stored(corpus_file, profile_owner, stored_media):
    photo = SimpleUploadedFile(corpus_file.file_name, corpus_file.make(), content_type=corpus_file.content_type)

    with pytest.raises(ValidationError) as refused:
        profile_update(user=profile_owner, photo=photo)

    [error] = refused.value.error_dict["photo"]
    assert error.code == corpus_file.expected
    message = refused.value.message_dict["photo"][0]
    assert [words for words in corpus_file.says if words not in message] == []
    with translation.override("fr"):
        french = ValidationError(error.message, code=error.code, params=error.params).messages[0]
    assert french != message and "%(" not in message + french
    assert stored_media() == []
    assert SpeakerProfile.objects.get(user=profile_owner).photo.name == ""
    assert not OutboxEvent.objects.exists()


@pytest.mark.parametrize("corpus_file", REENCODED, ids=lambda file: file.id)
def test_corpus_photo_with_another_format_after_it_is_stored_without_it(corpus_file, profile_owner, stored_media):
    data = corpus_file.make()
    photo = SimpleUploadedFile(corpus_file.file_name, data, content_type=corpus_file.content_type)

    profile = profile_update(user=profile_owner, photo=photo)

    [name] = stored_media()
    with profile.photo.open("rb") as stored:
        kept = stored.read()
    assert name == profile.photo.name
    assert [marker for marker in FOREIGN_MARKERS if marker in kept] == []
    assert Image.open(io.BytesIO(kept)).format == Image.open(io.BytesIO(data)).format
