"""Checks on profile input: photos (the type is read from the content, never from the file name), time zones."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

ALLOWED_PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PHOTO_PIXELS = 4096


def validate_profile_photo(upload) -> None:
    max_bytes = settings.PROFILE_PHOTO_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("The photo is %(size)s; the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("This file is not a readable image. Please upload a JPEG, PNG or WebP photo."), code="not_an_image"
        ) from None
    finally:
        upload.seek(position)
    if image_format not in ALLOWED_PHOTO_FORMATS:
        raise ValidationError(
            _("%(format)s images are not accepted. Please upload a JPEG, PNG or WebP photo."),
            code="wrong_format",
            params={"format": image_format},
        )
    if width > MAX_PHOTO_PIXELS or height > MAX_PHOTO_PIXELS:
        raise ValidationError(
            _("The photo is %(width)s×%(height)s pixels; at most %(max)s×%(max)s is accepted."),
            code="too_many_pixels",
            params={"width": width, "height": height, "max": MAX_PHOTO_PIXELS},
        )


def validate_timezone_name(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a known time zone; use a name such as America/Los_Angeles."),
            code="invalid_timezone",
            params={"value": value},
        )
