"""Checks on profile input: photos (the type is read from the content, never from the file name), time zones."""

import io
import threading
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, UnidentifiedImageError

ALLOWED_PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PHOTO_PIXELS = 4096
NOT_A_READABLE_IMAGE = _("This file is not a readable image. Please upload a JPEG, PNG or WebP photo.")


_STRICT_LOADING = threading.Lock()


def photo_too_large(size: int) -> ValidationError:
    return ValidationError(
        _("The photo is %(size)s; the limit is %(limit)s."),
        code="too_large",
        params={"size": filesizeformat(size), "limit": filesizeformat(settings.PROFILE_PHOTO_MAX_BYTES)},
    )


def validate_profile_photo(upload) -> None:
    if upload.size > settings.PROFILE_PHOTO_MAX_BYTES:
        raise photo_too_large(upload.size)
    decode_photo(upload).close()


def decode_photo(upload) -> Image.Image:
    """The photo's pixels, decoded to the last byte; the caller closes the image.

    Format and dimensions are read from the header and checked before any pixel is decoded, so a
    small file that claims millions of pixels (a decompression bomb) is refused without expanding.
    Decoding everything is what finds a file cut short: Pillow's `verify()` does not."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    try:
        # A copy (the size is checked first): closing the image closes its file, and the upload stays open.
        content = io.BytesIO(upload.read())
    finally:
        upload.seek(position)
    return _decoded(content)


def _decoded(upload) -> Image.Image:
    try:
        image = Image.open(upload)
    except Image.DecompressionBombError:
        raise _too_many_pixels_unknown() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(NOT_A_READABLE_IMAGE, code="not_an_image") from None
    try:
        _check_header(image)
        _load_strictly(image)
    except ValidationError:
        image.close()
        raise
    except (OSError, SyntaxError, ValueError):
        image.close()
        raise ValidationError(
            _("This photo is cut short or damaged. Please save it again and upload the new file."),
            code="truncated",
        ) from None
    return image


def _load_strictly(image: Image.Image) -> None:
    # WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES on import, after which a file cut
    # short decodes silently (grey below the cut). A photo must decode to its last byte, so the flag
    # is off while it does; the lock keeps two uploads from restoring each other's value.
    with _STRICT_LOADING:
        saved = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            image.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = saved


def _check_header(image: Image.Image) -> None:
    if image.format not in ALLOWED_PHOTO_FORMATS:
        raise ValidationError(
            _("%(format)s images are not accepted. Please upload a JPEG, PNG or WebP photo."),
            code="wrong_format",
            params={"format": image.format},
        )
    width, height = image.size
    if width > MAX_PHOTO_PIXELS or height > MAX_PHOTO_PIXELS:
        raise ValidationError(
            _("The photo is %(width)s×%(height)s pixels; at most %(max)s×%(max)s is accepted."),
            code="too_many_pixels",
            params={"width": width, "height": height, "max": MAX_PHOTO_PIXELS},
        )


def _too_many_pixels_unknown() -> ValidationError:
    # Pillow refuses to even open an image past twice its MAX_IMAGE_PIXELS; its size is not known then.
    return ValidationError(
        _("The photo has far too many pixels; at most %(max)s×%(max)s is accepted."),
        code="too_many_pixels",
        params={"max": MAX_PHOTO_PIXELS},
    )


def validate_timezone_name(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a known time zone; use a name such as America/Los_Angeles."),
            code="invalid_timezone",
            params={"value": value},
        )
