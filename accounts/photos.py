"""Speaker photos as stored and served: always a fresh image Summit encoded itself, nothing else.

An upload that passed `validate_profile_photo` may still carry more than pixels: bytes after the
image's end (a JPEG with HTML appended, a PNG with a ZIP appended, both valid files of two kinds at
once), EXIF with the GPS position where it was taken, comments, XMP. None of it survives
`photo_reencoded`: the decoded pixels, turned upright by their EXIF orientation and moved to sRGB
when they came with a colour profile, are written to a new file in the same format with no
metadata at all.
"""

import io
import re
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from PIL import Image, ImageCms, ImageOps

from accounts.validators import decode_photo

PHOTO_DIR = "speaker-photos/"
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# What the served names may look like: Django's storage keeps [\w.-] of an uploaded name; no dot first.
SERVED_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,200}\.(jpg|jpeg|png|webp)", re.IGNORECASE)
SERVED_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
_SRGB = ImageCms.createProfile("sRGB")


def photo_reencoded(upload) -> ContentFile:
    """A new file holding only the upload's pixels, named after the upload with its format's extension."""
    with decode_photo(upload) as decoded:
        image_format = decoded.format
        icc_profile = decoded.info.get("icc_profile")
        image = ImageOps.exif_transpose(decoded)
    image = _in_srgb(_savable(image, image_format), icc_profile)
    image.info = {}  # Pillow carries some of it (comment, ICC, transparency) into the new file otherwise
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **_encoder_options(image_format))
    stem = PurePosixPath(upload.name or "photo").stem or "photo"
    return ContentFile(buffer.getvalue(), name=f"{stem}.{EXTENSIONS[image_format]}")


def _savable(image: Image.Image, image_format: str) -> Image.Image:
    """The image in a mode its format writes as colour and, for PNG and WebP, transparency."""
    if image_format == "JPEG":
        return image if image.mode in ("L", "RGB", "CMYK") else image.convert("RGB")
    if image.mode in ("L", "RGB", "RGBA"):
        if image.mode != "RGBA" and "transparency" in image.info:  # a colour marked transparent
            return image.convert("RGBA")
        return image
    return image.convert("RGBA" if image.has_transparency_data else "RGB")


def _in_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Colours kept as they were meant without shipping the profile: converted to sRGB, which browsers assume."""
    output_mode = "RGB" if image.mode == "CMYK" else image.mode
    if not icc_profile:
        return image.convert("RGB") if image.mode == "CMYK" else image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        return ImageCms.profileToProfile(image, source, _SRGB, outputMode=output_mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        # A profile LittleCMS cannot use (or one for another colour space): the pixels as they are.
        return image.convert("RGB") if image.mode == "CMYK" else image


def _encoder_options(image_format: str) -> dict:
    if image_format == "JPEG":
        return {"quality": 90, "optimize": True}
    if image_format == "WEBP":
        return {"quality": 90}
    return {"optimize": True}


def stored_photo_name(name: str) -> str | None:
    """The storage name of a photo served under `name`, or None when no such photo may be served."""
    if not SERVED_NAME.fullmatch(name) or ".." in name:
        return None
    return f"{PHOTO_DIR}{name}"


def served_content_type(name: str) -> str:
    return SERVED_TYPES[name.rsplit(".", 1)[1].lower()]
