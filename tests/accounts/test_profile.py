"""The speaker profile page: saving, its event, and photo uploads judged by their content."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pytest_django.asserts import assertContains, assertFormError, assertRedirects

from accounts.models import SpeakerProfile
from events.models import OutboxEvent
from tests.factories import SpeakerProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("accounts:profile")


@pytest.fixture
def speaker(db):
    return SpeakerProfileFactory(
        user=UserFactory(name="Sam Speaker"), bio="", company="Streamworks", job_title="", website=""
    ).user


def profile_data(**overrides) -> dict:
    data = {
        "name": "Sam Speaker",
        "locale": "en",
        "bio": "",
        "company": "Streamworks",
        "job_title": "",
        "website": "",
        "github": "",
        "linkedin": "",
        "mastodon": "",
    }
    return data | overrides


def image_upload(image_format: str = "PNG", name: str = "photo.png", size=(64, 64), noise: bool = False):
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, "#1f6feb")
    buffer = io.BytesIO()
    image.save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


def test_profile_anonymous_is_sent_to_login(client):
    response = client.get(PROFILE_URL)

    assertRedirects(response, f"{reverse('account_login')}?next={PROFILE_URL}", fetch_redirect_response=False)


def test_profile_page_shows_current_values(client_for, speaker):
    response = client_for(speaker).get(PROFILE_URL)

    assertContains(response, 'value="Sam Speaker"')
    assertContains(response, 'value="Streamworks"')


def test_profile_page_for_user_without_profile_creates_one(client_for):
    user = UserFactory()

    response = client_for(user).get(PROFILE_URL)

    assert response.status_code == 200
    assert SpeakerProfile.objects.filter(user=user).count() == 1


def test_profile_post_saves_and_emits_changed_fields(client_for, speaker):
    data = profile_data(name="Samantha Speaker", bio="Builds streaming platforms.", locale="fr")

    response = client_for(speaker).post(PROFILE_URL, data)

    assertRedirects(response, PROFILE_URL)
    speaker.refresh_from_db()
    assert (speaker.name, speaker.locale, speaker.speaker_profile.bio) == (
        "Samantha Speaker",
        "fr",
        "Builds streaming platforms.",
    )
    event = OutboxEvent.objects.get()
    assert event.type == "summit.accounts.speaker_profile.updated.v1"
    assert event.subject == f"user/{speaker.pk}"
    assert event.actor == f"user/{speaker.pk}"
    assert event.data == {"user_id": speaker.pk, "changed_fields": ["bio", "locale", "name"]}


def test_profile_post_unchanged_emits_nothing(client_for, speaker):
    response = client_for(speaker).post(PROFILE_URL, profile_data())

    assertRedirects(response, PROFILE_URL)
    assert OutboxEvent.objects.count() == 0


def test_profile_post_bad_url_shows_field_error_and_saves_nothing(client_for, speaker):
    response = client_for(speaker).post(PROFILE_URL, profile_data(bio="Kept bio", github="not a url"))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["github"]
    assertContains(response, "Kept bio")
    assert SpeakerProfile.objects.get(user=speaker).bio == ""


def test_profile_photo_real_png_is_accepted(client_for, speaker, settings):
    response = client_for(speaker).post(PROFILE_URL, profile_data(photo=image_upload()))

    assertRedirects(response, PROFILE_URL)
    profile = SpeakerProfile.objects.get(user=speaker)
    assert profile.photo.name.startswith("speaker-photos/photo")
    assert (settings.MEDIA_ROOT / profile.photo.name).is_file()
    assert OutboxEvent.objects.get().data["changed_fields"] == ["photo"]


@pytest.mark.parametrize("image_format", ["JPEG", "WEBP"])
def test_profile_photo_other_allowed_formats_are_accepted(client_for, speaker, image_format):
    upload = image_upload(image_format, name=f"photo.{image_format.lower()}")

    response = client_for(speaker).post(PROFILE_URL, profile_data(photo=upload))

    assert response.status_code == 302
    assert SpeakerProfile.objects.get(user=speaker).photo.name != ""


def test_profile_photo_text_file_named_png_is_refused_and_input_kept(client_for, speaker):
    fake = SimpleUploadedFile("photo.png", b"I am not a picture, just text.", content_type="image/png")

    response = client_for(speaker).post(PROFILE_URL, profile_data(bio="My carefully typed bio", photo=fake))

    assert response.status_code == 200
    assertFormError(
        response.context["form"],
        "photo",
        ["This file is not a readable image. Please upload a JPEG, PNG or WebP photo."],
    )
    assertContains(response, "My carefully typed bio")
    assert SpeakerProfile.objects.get(user=speaker).photo.name == ""
    assert OutboxEvent.objects.count() == 0


def test_profile_photo_gif_is_refused_by_format(client_for, speaker):
    response = client_for(speaker).post(PROFILE_URL, profile_data(photo=image_upload("GIF", name="photo.png")))

    assertFormError(
        response.context["form"], "photo", ["GIF images are not accepted. Please upload a JPEG, PNG or WebP photo."]
    )


def test_profile_photo_over_size_limit_is_refused(client_for, speaker, settings):
    settings.PROFILE_PHOTO_MAX_BYTES = 10_000
    upload = image_upload(size=(200, 200), noise=True)

    response = client_for(speaker).post(PROFILE_URL, profile_data(company="Kept Company", photo=upload))

    assert response.status_code == 200
    [error] = response.context["form"].errors["photo"]
    assert error.startswith("The photo is ")
    assert error.endswith("the limit is 9.8\xa0KB.")
    assertContains(response, 'value="Kept Company"')
    assert SpeakerProfile.objects.get(user=speaker).photo.name == ""


def test_profile_photo_too_many_pixels_is_refused(client_for, speaker):
    upload = image_upload(size=(4097, 1))

    response = client_for(speaker).post(PROFILE_URL, profile_data(photo=upload))

    assertFormError(response.context["form"], "photo", ["The photo is 4097×1 pixels; at most 4096×4096 is accepted."])
