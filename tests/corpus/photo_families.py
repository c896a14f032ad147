"""Profile photos for the corpus, family by family (see tests/corpus/generate.py): each with the
refusal accounts.validators must give, or "reencoded" for an image carrying another format after
its end, which is stored as a new image without it (accounts/photos.py)."""

import functools
import io
import random
import struct
import zlib

from PIL import Image

from tests.corpus.generate import CorpusFile
from tests.slides.pdf_corpus import HTML, _zip, deck

SEED = 4096
NOT_AN_IMAGE = ("not_an_image", "not a readable image")
CUT_SHORT = ("truncated", "cut short or damaged")
FORMATS = {"JPEG": ("photo.jpg", "image/jpeg"), "PNG": ("photo.png", "image/png"), "WEBP": ("photo.webp", "image/webp")}


@functools.cache
def photo(image_format: str, width: int = 64, height: int = 48) -> bytes:
    rng = random.Random(SEED + width)
    image = Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
    buffer = io.BytesIO()
    image.save(buffer, image_format, **({"quality": 90} if image_format != "PNG" else {}))
    return buffer.getvalue()


def _file(family: str, name: str, make, expected: tuple[str, ...], image_format: str = "JPEG", **options):
    file_name, content_type = FORMATS.get(image_format, ("photo.jpg", "image/jpeg"))
    return CorpusFile(
        family=family,
        name=name,
        make=make,
        expected=expected[0],
        says=expected[1:],
        file_name=options.pop("file_name", file_name),
        content_type=options.pop("content_type", content_type),
    )


def _header_end(image_format: str, data: bytes) -> int:
    """Where the pixels start: a cut before is an unreadable file, after it a photo cut short."""
    if image_format == "JPEG":
        start_of_scan = data.index(b"\xff\xda")
        return start_of_scan + struct.unpack(">H", data[start_of_scan + 2 : start_of_scan + 4])[0] + 2
    return data.index(b"IDAT") + 4  # PNG: the first image data chunk's type


def _truncation_expected(image_format: str, data: bytes, offset: int) -> tuple[str, ...]:
    if image_format == "WEBP":  # its RIFF header gives the file's length: Pillow opens no shorter file
        return NOT_AN_IMAGE
    if image_format == "PNG" and offset >= len(data) - 12:
        return ("accepted",)  # only the end chunk is cut: every pixel is there
    return NOT_AN_IMAGE if offset < _header_end(image_format, data) else CUT_SHORT


def truncations(per_format: int = 45) -> list[CorpusFile]:
    rng = random.Random(SEED)
    out = []
    for image_format in FORMATS:
        data = photo(image_format)
        offsets = sorted({0, 1, 2, 8, len(data) - 1} | {rng.randrange(3, len(data) - 12) for _ in range(per_format)})
        for offset in offsets[:per_format]:
            expected = _truncation_expected(image_format, data, offset)
            if expected[0] == "accepted":
                continue
            if offset == 0:
                expected = NOT_AN_IMAGE
            out.append(
                _file(
                    "photo-truncated",
                    f"{image_format.lower()}-at-{offset}",
                    lambda d=data, o=offset: d[:o],
                    expected,
                    image_format,
                )
            )
    return out


def _flipped(data: bytes, position: int, bit: int) -> bytes:
    out = bytearray(data)
    out[position] ^= 1 << bit
    return bytes(out)


def header_flips() -> list[CorpusFile]:
    """Each bit of each format's signature (JPEG's SOI marker, PNG's 8 bytes, WebP's RIFF and WEBP)."""
    signatures = {"JPEG": range(3), "PNG": range(8), "WEBP": [*range(4), *range(8, 12)]}
    return [
        _file(
            "photo-bit-flip-header",
            f"{image_format.lower()}-byte-{position}-bit-{bit}",
            lambda f=image_format, p=position, b=bit: _flipped(photo(f), p, b),
            NOT_AN_IMAGE,
            image_format,
        )
        for image_format, positions in signatures.items()
        for position in positions
        for bit in range(8)
    ]


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A PNG header that claims `width`×`height` pixels, with a few bytes of image data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + (_png_chunk(b"IEND", b""))
    )


def jpeg_claiming(width: int, height: int) -> bytes:
    """A real JPEG whose frame header (SOF0) is rewritten to claim `width`×`height`."""
    data = bytearray(photo("JPEG"))
    frame = data.index(b"\xff\xc0")
    data[frame + 5 : frame + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def png_pixel_flips() -> list[CorpusFile]:
    """A bit of the PNG's width or height: its checksum no longer matches, the header is refused."""
    return [
        _file(
            "photo-bit-flip-header",
            f"png-ihdr-byte-{position}-bit-{bit}",
            lambda p=position, b=bit: _flipped(photo("PNG"), p, b),
            NOT_AN_IMAGE,
            "PNG",
        )
        for position in range(16, 24)
        for bit in (0, 4, 7)
    ]


def oversized() -> list[CorpusFile]:
    out = []
    for width, height in ((4097, 10), (10, 4097), (5000, 5000), (8192, 8192), (30_000, 2)):
        out.append(
            _file(
                "photo-oversized",
                f"png-{width}x{height}",
                lambda w=width, h=height: png_claiming(w, h),
                ("too_many_pixels", f"{width}×{height} pixels"),
                "PNG",
            )
        )
        out.append(
            _file(
                "photo-oversized",
                f"jpeg-{width}x{height}",
                lambda w=width, h=height: jpeg_claiming(w, h),
                ("too_many_pixels", f"{width}×{height} pixels"),
            )
        )
    for width, height in ((100_000, 100_000), (65_535, 65_535), (2**31 - 1, 2**31 - 1)):
        out.append(
            _file(
                "photo-oversized",
                f"png-bomb-{width}x{height}",
                lambda w=width, h=height: png_claiming(w, h),
                ("too_many_pixels", "far too many pixels"),
                "PNG",
            )
        )
    return out


def _other_formats() -> dict[str, tuple[bytes, tuple[str, ...]]]:
    rng = random.Random(SEED + 1)

    def encoded(image_format: str, mode: str = "RGB") -> bytes:
        buffer = io.BytesIO()
        Image.new(mode, (16, 16), 3).save(buffer, image_format)
        return buffer.getvalue()

    return {
        "html": (HTML, NOT_AN_IMAGE),
        "svg": (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', NOT_AN_IMAGE),
        "pdf": (deck(1), NOT_AN_IMAGE),
        "zip": (_zip({"photo.jpg": b"not really"}), NOT_AN_IMAGE),
        "exe": (b"MZ\x90\x00" + rng.randbytes(300), NOT_AN_IMAGE),
        "text": (b"my photo", NOT_AN_IMAGE),
        "empty": (b"", NOT_AN_IMAGE),
        "gif": (encoded("GIF", "P"), ("wrong_format", "GIF images are not accepted")),
        "bmp": (encoded("BMP"), ("wrong_format", "BMP images are not accepted")),
        "tiff": (encoded("TIFF"), ("wrong_format", "TIFF images are not accepted")),
        "ico": (encoded("ICO"), ("wrong_format", "ICO images are not accepted")),
        "ppm": (encoded("PPM"), ("wrong_format", "PPM images are not accepted")),
    }


def wrong_content() -> list[CorpusFile]:
    """Other formats named .jpg (or .png), judged by their bytes whatever the name and the type sent."""
    return [
        _file(
            "photo-wrong-content",
            f"{kind}-as-{name}",
            lambda d=data: d,
            expected,
            file_name=name,
            content_type=content_type,
        )
        for kind, (data, expected) in _other_formats().items()
        for name, content_type in (("photo.jpg", "image/jpeg"), ("photo.png", "image/png"))
    ]


def too_large() -> list[CorpusFile]:
    big = 2 * 1024 * 1024 + 1
    return [
        _file(
            "photo-too-large", "jpeg-padded-past-the-limit", lambda: photo("JPEG") + bytes(big), ("too_large", "limit")
        ),
        _file("photo-too-large", "zeros-past-the-limit", lambda: bytes(big), ("too_large", "limit")),
    ]


def polyglots() -> list[CorpusFile]:
    """An image and another format in one file: stored as a fresh image, without the other."""
    payloads = {
        "html": HTML + b"<script>alert(document.cookie)</script>",
        "zip": _zip({"payload.html": HTML}),
        "pdf": deck(1),
        "exe": b"MZ\x90\x00" + bytes(200),
    }
    return [
        _file(
            "photo-polyglot",
            f"{image_format.lower()}-then-{kind}",
            lambda f=image_format, p=payload: photo(f) + p,
            ("reencoded",),
            image_format,
        )
        for image_format in ("JPEG", "PNG")
        for kind, payload in payloads.items()
    ]


def families() -> list[CorpusFile]:
    return (
        truncations() + header_flips() + png_pixel_flips() + oversized() + wrong_content() + too_large() + polyglots()
    )
