"""Bounded inflation of a PDF's streams, for `slides.pdf.check.check_pdf`: a decompression bomb is found
after a bounded amount of work and memory, never inflated in full.

Each stream's filters are applied as a pipeline of pieces of at most 1 MB (zlib's `max_length`),
counted and then dropped. A stream that is not an image may inflate to 100 MB; an image to its
declared size (width × height, held to Pillow's pixel limit) plus 1 MB; the whole document to
256 MB plus 100 times its own size. Image codecs (JPEG, JPEG 2000, JBIG2, CCITT) are not decoded:
their output is pixels, bounded by the pixel check.
"""

import math
import zlib

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from pypdf.errors import LimitReachedError, PyPdfError
from pypdf.filters import decode_stream_data
from pypdf.generic import ArrayObject, IndirectObject, NameObject, StreamObject

PIECE = 1024 * 1024
MAX_STREAM_DECODED = 100 * 1024 * 1024
IMAGE_SLACK = 1024 * 1024
DOCUMENT_DECODE_BASE = 256 * 1024 * 1024
DOCUMENT_DECODE_RATIO = 100
# The limit Pillow applies before refusing an image as a decompression bomb.
MAX_IMAGE_PIXELS = 89_478_485
IMAGE_CODECS = {"/DCTDecode", "/DCT", "/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode", "/CCF"}
FLATE = {"/FlateDecode", "/Fl"}


class Bomb(Exception):
    """A stream (or the document) inflates past its ceiling; `reason` says how, for the speaker."""

    def __init__(self, reason):
        super().__init__(str(reason))
        self.reason = reason


class NoImageSize(Exception):
    """An image without a usable width and height: the file is damaged."""


class DecodeBudget:
    """What the whole document may inflate to, spent stream by stream."""

    def __init__(self, file_size: int):
        self.left = DOCUMENT_DECODE_BASE + DOCUMENT_DECODE_RATIO * file_size

    def spend(self, amount: int) -> None:
        self.left -= amount
        if self.left < 0:
            raise Bomb(_("its content inflates to far more than its size"))


def _resolved(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def _filters(stream: StreamObject) -> list[str]:
    value = _resolved(stream.get("/Filter"))
    if isinstance(value, NameObject):
        return [str(value)]
    if isinstance(value, ArrayObject):
        return [str(_resolved(name)) for name in value]
    return []


def _image_limit(stream: StreamObject) -> int:
    width, height = _resolved(stream.get("/Width", 0)), _resolved(stream.get("/Height", 0))
    if not isinstance(width, int | float) or not isinstance(height, int | float):
        raise NoImageSize
    if not (math.isfinite(width) and math.isfinite(height)) or width * height > MAX_IMAGE_PIXELS:
        raise Bomb(_("an image is %(width)s×%(height)s pixels") % {"width": width, "height": height})
    # Four components of 16 bits is the most any colour space needs, plus a predictor byte per row.
    return int(width * height * 8 + height + IMAGE_SLACK)


def check_stream(stream: StreamObject, budget: DecodeBudget) -> None:
    image = _resolved(stream.get("/Subtype")) == "/Image"
    limit = _image_limit(stream) if image else MAX_STREAM_DECODED
    filters = _filters(stream)
    if not filters or all(name in IMAGE_CODECS for name in filters):
        return
    pieces = iter((stream._data,))  # the bytes as stored; pypdf inflates them only on request
    for name in filters:
        if name in IMAGE_CODECS:
            break  # an image codec's output is pixels, bounded by the pixel check
        # LZW, RunLength, ASCII: rare in decks; pypdf's decoders carry their own ceilings.
        pieces = _inflate(pieces) if name in FLATE else _decode_with_pypdf(name, pieces, limit)
    total = 0
    for piece in pieces:
        total += len(piece)
        budget.spend(len(piece))
        if total > limit:
            raise _too_much(limit)


def _too_much(limit: int) -> Bomb:
    return Bomb(_("one of its streams inflates to more than %(limit)s") % {"limit": filesizeformat(limit)})


def _inflate(pieces):
    """zlib output in pieces of at most 1 MB: counted by the caller, never all held at once."""
    decompressor = zlib.decompressobj()
    try:
        for piece in pieces:
            yield decompressor.decompress(piece, PIECE)
            while decompressor.unconsumed_tail:
                yield decompressor.decompress(decompressor.unconsumed_tail, PIECE)
            if decompressor.eof:
                return
    except zlib.error:
        # A damaged compressed stream: viewers show what they can, so only what inflated counts.
        return


def _decode_with_pypdf(name: str, pieces, limit: int):
    parts, total = [], 0
    for piece in pieces:
        parts.append(piece)
        total += len(piece)
        if total > limit:
            raise _too_much(limit)
    holder = StreamObject()
    holder[NameObject("/Filter")] = NameObject(name)
    holder._data = b"".join(parts)
    try:
        yield decode_stream_data(holder)
    except LimitReachedError:
        raise
    except (PyPdfError, ValueError, NotImplementedError):
        return
