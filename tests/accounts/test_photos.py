"""Speaker photos are images and nothing else: read only up to the limit, stored re-encoded, served as images."""

import datetime as dt
import io
import os
import re
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import encode_multipart
from django.urls import reverse
from PIL import Image, ImageCms
from pytest_django.asserts import assertContains, assertFormError

from accounts.models import SpeakerProfile
from accounts.photo_upload import FIELDS_ALLOWANCE, PhotoUploadHandler
from accounts.validators import validate_profile_photo
from events.models import OutboxEvent
from schedule.services.releases import release_publish
from schedule.services.slots import slot_place_talk
from tests.factories import RoomFactory, SpeakerProfileFactory, UserFactory
from tests.factories.cfp import SubmissionFactory

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("accounts:profile")
BOUNDARY = "PhotoBoundary"
TYPED = {"name": "Sam Speaker", "locale": "en", "bio": "My carefully typed bio", "company": "Kept Company"}


@pytest.fixture
def speaker(db):
    return SpeakerProfileFactory(user=UserFactory(name="Sam Speaker"), bio="", company="Streamworks").user


def encoded(image: Image.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def noise(size=(64, 48)) -> Image.Image:
    return Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))


def upload(content: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def stored_bytes(user) -> bytes:
    with SpeakerProfile.objects.get(user=user).photo.open("rb") as photo:
        return photo.read()


class FakeBody(io.RawIOBase):
    """A multipart body of `photo_bytes` zeros in a photo part after the typed fields, made as it is read."""

    def __init__(self, photo_bytes: int, *, file_name: str = "huge.jpg"):
        head, tail = encode_multipart(BOUNDARY, TYPED | {"photo": upload(b"\0", "huge.jpg")}).split(b"\0")
        head = head.replace(b'filename="huge.jpg"', f'filename="{file_name}"'.encode())
        self.parts = [(head, 0), (b"", photo_bytes), (tail, 0)]
        self.length = len(head) + photo_bytes + len(tail)
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        out = b""
        while self.parts and (size < 0 or len(out) < size):
            data, zeros = self.parts[0]
            want = size - len(out) if size >= 0 else len(data) + zeros
            if data:
                out += data[:want]
                self.parts[0] = (data[want:], zeros)
            else:
                taken = min(want, zeros)
                out += b"\0" * taken
                self.parts[0] = (b"", zeros - taken)
            if self.parts[0] == (b"", 0):
                self.parts.pop(0)
        self.read_bytes += len(out)
        return out


def post_body(client: Client, body: FakeBody):
    return client.post(PROFILE_URL, **body_environ(body))


def body_environ(body: FakeBody) -> dict:
    # The client sets these only for a body it was given; this one is read from `body` instead.
    return {
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": str(body.length),
        "wsgi.input": body,
    }


# --- Read no further than the limit -----------------------------------------------------------


def test_photo_of_100_mb_is_refused_after_reading_little_more_than_the_limit(client_for, speaker, settings):
    body = FakeBody(100 * 1024 * 1024)

    response = post_body(client_for(speaker), body)

    assert response.status_code == 200
    assert body.read_bytes <= settings.PROFILE_PHOTO_MAX_BYTES + FIELDS_ALLOWANCE + PhotoUploadHandler.chunk_size
    assertFormError(response.context["form"], "photo", ["The photo is 100.0\xa0MB; the limit is 2.0\xa0MB."])
    assert response.context["form"].errors["photo"].as_data()[0].code == "too_large"
    assertContains(response, "My carefully typed bio")
    assertContains(response, 'value="Kept Company"')
    assert SpeakerProfile.objects.get(user=speaker).photo.name == ""
    assert OutboxEvent.objects.count() == 0


def test_photo_handler_stores_no_more_than_the_limit(rf, settings):
    settings.PROFILE_PHOTO_MAX_BYTES = 100_000
    body = FakeBody(3_000_000)
    request = rf.post(PROFILE_URL, **body_environ(body))
    handler = PhotoUploadHandler(request, max_bytes=100_000)
    request.upload_handlers = [handler]

    assert request.POST["company"] == "Kept Company"
    assert request.FILES == {}
    assert handler.received <= 100_000 + handler.chunk_size
    assert handler.size_refused == body.length


def test_photo_body_of_parts_django_skips_is_still_bounded(client_for, speaker, settings):
    # A file part with no name is read past, not handed to any handler: only the body's bound stops it.
    settings.PROFILE_PHOTO_MAX_BYTES = 100_000
    body = FakeBody(5_000_000, file_name="")

    response = post_body(client_for(speaker), body)

    assert response.status_code == 200
    assert body.read_bytes <= 100_000 + FIELDS_ALLOWANCE + PhotoUploadHandler.chunk_size
    assertContains(response, "The photo is 4.8\xa0MB; the limit is 97.7\xa0KB.")


def test_photo_just_under_the_limit_is_accepted(client_for, speaker, settings):
    content = encoded(noise((128, 128)), "PNG")
    settings.PROFILE_PHOTO_MAX_BYTES = len(content)

    response = client_for(speaker).post(PROFILE_URL, TYPED | {"photo": upload(content, "photo.png")})

    assert response.status_code == 302
    assert SpeakerProfile.objects.get(user=speaker).photo.name.endswith(".png")


def test_profile_post_still_checks_csrf(speaker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(speaker)

    response = client.post(PROFILE_URL, TYPED)

    assert response.status_code == 403


# --- What is stored is a clean image ----------------------------------------------------------


def test_photo_jpeg_with_html_appended_is_stored_without_it(client_for, speaker):
    polyglot = encoded(noise(), "JPEG") + b"<html><script>alert(document.cookie)</script></html>"

    response = client_for(speaker).post(PROFILE_URL, TYPED | {"photo": upload(polyglot)})

    assert response.status_code == 302
    stored = stored_bytes(speaker)
    assert b"<html" not in stored
    assert b"<script" not in stored
    assert stored.endswith(b"\xff\xd9")  # the JPEG's own end, nothing after it
    assert Image.open(io.BytesIO(stored)).format == "JPEG"


def test_photo_png_with_zip_appended_is_stored_without_it(client_for, speaker):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("payload.html", "<html>hidden</html>")
    polyglot = encoded(noise(), "PNG") + archive.getvalue()

    response = client_for(speaker).post(PROFILE_URL, TYPED | {"photo": upload(polyglot, "photo.png")})

    assert response.status_code == 302
    stored = stored_bytes(speaker)
    assert b"PK\x03\x04" not in stored
    assert b"PK\x05\x06" not in stored
    assert stored.endswith(b"IEND\xaeB`\x82")
    assert SpeakerProfile.objects.get(user=speaker).photo.name.endswith(".png")


def test_photo_truncated_jpeg_is_refused(client_for, speaker):
    whole = encoded(noise((256, 256)), "JPEG", quality=95)

    response = client_for(speaker).post(PROFILE_URL, TYPED | {"photo": upload(whole[: len(whole) // 2])})

    assert response.status_code == 200
    assertFormError(
        response.context["form"],
        "photo",
        ["This photo is cut short or damaged. Please save it again and upload the new file."],
    )
    assertContains(response, "My carefully typed bio")
    assert SpeakerProfile.objects.get(user=speaker).photo.name == ""


def test_photo_exif_gps_and_comment_are_removed_and_orientation_applied(client_for, speaker):
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: the camera was turned; shown rotated 90° clockwise
    exif[0x010F] = "Secret Camera Maker"
    exif.get_ifd(0x8825).update({1: "N", 2: (48.0, 51.0, 29.0), 3: "E", 4: (2.0, 17.0, 40.0)})  # GPS
    content = encoded(noise((40, 20)), "JPEG", exif=exif, comment=b"secret comment")
    assert Image.open(io.BytesIO(content)).getexif().get_ifd(0x8825)  # the test's own photo has GPS

    response = client_for(speaker).post(PROFILE_URL, TYPED | {"photo": upload(content)})

    assert response.status_code == 302
    stored = stored_bytes(speaker)
    image = Image.open(io.BytesIO(stored))
    assert image.size == (20, 40)
    assert dict(image.getexif()) == {}
    assert image.getexif().get_ifd(0x8825) == {}
    assert b"Exif" not in stored
    assert b"Secret Camera Maker" not in stored
    assert b"secret comment" not in stored
    assert "comment" not in image.info


def test_photo_with_a_colour_profile_is_stored_in_srgb_without_it(client_for, speaker):
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    content = encoded(noise(), "PNG", icc_profile=profile)

    response = client_for(speaker).post(PROFILE_URL, TYPED | {"photo": upload(content, "photo.png")})

    assert response.status_code == 302
    assert "icc_profile" not in Image.open(io.BytesIO(stored_bytes(speaker))).info


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_photo_transparency_is_kept(client_for, speaker, image_format):
    exif = Image.Exif()
    exif[0x010F] = "Secret Camera Maker"
    content = encoded(Image.new("RGBA", (32, 32), (10, 20, 30, 0)), image_format, exif=exif)

    response = client_for(speaker).post(PROFILE_URL, TYPED | {"photo": upload(content, "photo.jpg")})

    assert response.status_code == 302
    stored = stored_bytes(speaker)
    image = Image.open(io.BytesIO(stored))
    assert (image.format, image.mode, image.getpixel((0, 0))[3]) == (image_format, "RGBA", 0)
    assert b"Secret Camera Maker" not in stored
    assert SpeakerProfile.objects.get(user=speaker).photo.name.endswith(f".{image_format.lower()}")


def png_claiming(width: int, height: int) -> bytes:
    """A PNG header that claims `width`×`height` pixels, with a few bytes of image data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def test_photo_claiming_too_many_pixels_is_refused_before_decoding(client_for, speaker):
    # Decoding would find the data missing ("cut short"); the size in the header is refused first.
    response = client_for(speaker).post(PROFILE_URL, TYPED | {"photo": upload(png_claiming(5000, 5000), "p.png")})

    assertFormError(
        response.context["form"], "photo", ["The photo is 5000×5000 pixels; at most 4096×4096 is accepted."]
    )


def test_photo_decompression_bomb_is_refused():
    with pytest.raises(ValidationError) as refusal:
        validate_profile_photo(upload(png_claiming(100_000, 100_000), "bomb.png"))

    assert refusal.value.code == "too_many_pixels"
    assert refusal.value.messages == ["The photo has far too many pixels; at most 4096×4096 is accepted."]


# --- Served as images, with DEBUG off ---------------------------------------------------------


def assert_served_image(client: Client, url: str, content_type: str) -> Image.Image:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert "public" in response["Cache-Control"]
    assert "max-age=86400" in response["Cache-Control"]
    return Image.open(io.BytesIO(b"".join(response.streaming_content)))


def test_photo_on_the_profile_page_is_served_with_debug_off(client_for, speaker, settings):
    settings.DEBUG = False
    client = client_for(speaker)
    client.post(PROFILE_URL, TYPED | {"photo": upload(encoded(noise(), "JPEG"))})

    page = client.get(PROFILE_URL).content.decode()
    [url] = re.findall(r'href="(/media/speaker-photos/[^"]+)"', page)

    image = assert_served_image(Client(), url, "image/jpeg")
    assert image.size == (64, 48)


def test_photo_on_the_public_speaker_page_is_served_with_debug_off(
    client_for, speaker, conference, organiser, settings
):
    client_for(speaker).post(PROFILE_URL, TYPED | {"photo": upload(encoded(noise(), "PNG"), "me.png")})
    talk = SubmissionFactory(conference=conference, state="confirmed", speakers=[speaker])
    starts_at = dt.datetime(2030, 9, 30, 10, tzinfo=dt.UTC)
    slot_place_talk(
        conference=conference,
        submission=talk,
        room=RoomFactory(conference=conference),
        starts_at=starts_at,
        by=organiser,
    )
    release_publish(conference=conference, version="v1", by=organiser)
    settings.DEBUG = False

    page = Client().get(f"/{conference.slug}/speakers/{speaker.speaker_code.code}/").content.decode()
    [url] = re.findall(r'class="speaker-photo" src="([^"]+)"', page)

    assert url.startswith("/media/speaker-photos/me")
    assert assert_served_image(Client(), url, "image/png").format == "PNG"


@pytest.mark.parametrize(
    "path",
    [
        "/media/speaker-photos/missing.jpg",
        "/media/speaker-photos/../secret.png",
        "/media/speaker-photos/..%2Fsecret.png",
        "/media/speaker-photos/..secret.png",
        "/media/speaker-photos/page.html",
        "/media/secret.png",
    ],
)
def test_photo_path_outside_the_photos_or_unknown_is_not_found(client, settings, path):
    settings.DEBUG = False
    default_storage.save("secret.png", io.BytesIO(encoded(noise(), "PNG")))
    default_storage.save("speaker-photos/page.html", io.BytesIO(b"<html></html>"))
    default_storage.save("speaker-photos/..secret.png", io.BytesIO(encoded(noise(), "PNG")))

    assert client.get(path).status_code == 404


def test_photo_in_object_storage_is_a_redirect_to_it(client, settings):
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.InMemoryStorage",
            "OPTIONS": {"base_url": "https://photos.example/"},
        }
    }
    default_storage.save("speaker-photos/me.png", io.BytesIO(encoded(noise(), "PNG")))

    response = client.get("/media/speaker-photos/me.png")

    assert (response.status_code, response["Location"]) == (302, "https://photos.example/speaker-photos/me.png")


def test_photo_truncated_jpeg_is_refused_after_weasyprint_loosened_pillow(client_for, speaker):
    import weasyprint  # noqa: F401  (sets PIL.ImageFile.LOAD_TRUNCATED_IMAGES process-wide, as the PDF views do)
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = True
    whole = encoded(noise((256, 256)), "JPEG", quality=95)

    response = client_for(speaker).post(PROFILE_URL, TYPED | {"photo": upload(whole[: len(whole) // 2])})

    assert response.status_code == 200
    assert response.context["form"].errors["photo"][0].startswith("This photo is cut short")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
