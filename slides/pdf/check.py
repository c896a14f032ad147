"""Checks an uploaded slide deck by its content: is it a plain, self-contained PDF we can publish?

`check_pdf` reads the file in chunks and by seeking, never whole. In order:

1. the bytes: empty, over the size limit, a declared content type that is not PDF; then
   (slides/pdf/envelope.py) `%PDF-` missing at offset 0 (another format, or one hiding in front of
   the PDF: a polyglot), no `%%EOF` at the end (truncated) or another format's data after it (a ZIP
   or an HTML page appended: a polyglot);
2. the structure, parsed with pypdf: unreadable (damaged), encrypted, the page count read from the
   page tree's `/Count` and refused past the limit *before* the tree is walked, then the walk itself
   (capped, cycle-safe) which must agree with `/Count`;
3. every object in the cross-reference table (slides/pdf/objects.py; at most 10,000 + 250 per
   page), one at a time (each is dropped from pypdf's cache once seen, so memory stays flat):
   JavaScript (`/JS`, `/JavaScript` name trees, actions of type JavaScript wherever they hang:
   OpenAction, annotations, `/AA`, AcroForm fields, bookmarks; XFA forms), every other action that
   starts a program, opens another file or reaches the network, links to addresses other than the
   web or e-mail, media (slides/pdf/actions.py, which says what is refused and why; the page is
   named when the action hangs where a reader finds it: slides/pdf/locations.py), embedded files
   (`/EmbeddedFiles`, file specifications with `/EF`, file attachment annotations, `/GoToE`), and
   each stream inflated in 1 MB pieces that are counted then discarded, stopping at a ceiling
   (slides/pdf/streams.py): a decompression bomb is refused after a bounded amount of work, never
   inflated in full. Images are held to Pillow's pixel limit. pypdf's own decoders (object and
   cross-reference streams) run with their ceilings lowered to 16 MB.

Each refusal is a `PdfRejected` (a ValidationError) with its own code and a message that tells the
speaker why and what to do instead. pypdf's warnings about the file are counted, not logged one by
one (slides/pdf/parser_log.py).
"""

import io
import struct
import zlib
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from slides.pdf.envelope import check_envelope, scan_bytes
from slides.pdf.objects import walk_objects
from slides.pdf.parser_log import pypdf_warnings_counted
from slides.pdf.refusals import EXPORT_HINT, PdfRejected
from slides.pdf.refusals import bomb as _bomb
from slides.pdf.refusals import damaged as _damaged
from slides.pdf.refusals import reject as _reject
from slides.pdf.refusals import too_large as _too_large

# Acceptable declared types: what browsers and HTTP clients send for a PDF, or nothing specific.
PDF_CONTENT_TYPES = {"application/pdf", "application/x-pdf", "application/acrobat", "application/octet-stream", ""}
# pypdf itself inflates only object streams and cross-reference streams here (and the rare LZW or
# run-length stream): a few hundred KB in real decks.
PYPDF_DECODE_LIMIT = 16 * 1024 * 1024
PYPDF_DECODE_LIMITS = (
    "zlib_maximum_output_length",
    "lzw_maximum_output_length",
    "run_length_maximum_output_length",
    "brotli_maximum_output_length",
    "jbig2_maximum_output_length",
    "array_based_stream_maximum_output_length",
)
# What parsing a hostile file can raise besides pypdf's own errors: all mean "damaged".
PARSE_ERRORS = (
    PyPdfError,
    ValueError,
    TypeError,
    KeyError,
    AttributeError,
    IndexError,
    AssertionError,
    NotImplementedError,
    ArithmeticError,
    RecursionError,
    EOFError,
    OSError,
    struct.error,
    zlib.error,
)
# Decks exported by presentation software hold tens of objects per page (fonts, images, links);
# pypdf parses some 10,000 objects a second, so a file of a million tiny ones would cost minutes.
# The page tree may hold a few intermediate nodes per page; past this the tree is not a slide deck's.
PAGE_TREE_NODES_PER_PAGE = 4


@dataclass(frozen=True)
class CheckedPdf:
    sha256: str
    size_bytes: int
    page_count: int


def check_pdf(file, *, max_bytes: int, max_pages: int, content_type: str | None = None) -> CheckedPdf:
    try:
        declared_size = _declared_size(file)
        if declared_size == 0:
            raise _reject("empty", _("The file is empty. %(hint)s"), hint=EXPORT_HINT)
        if declared_size > max_bytes:
            raise _too_large(declared_size, max_bytes)
        if content_type is not None:
            media_type = content_type.split(";", 1)[0].strip().lower()
            if media_type not in PDF_CONTENT_TYPES:
                raise _reject(
                    "wrong_type",
                    _("The file was sent as %(type)s, not as a PDF. %(hint)s"),
                    type=media_type,
                    hint=EXPORT_HINT,
                )
        scan = scan_bytes(file, max_bytes)
        check_envelope(file, scan)
        page_count = _check_structure(file, scan.size, max_pages)
        return CheckedPdf(sha256=scan.sha256, size_bytes=scan.size, page_count=page_count)
    finally:
        file.seek(0)


def _declared_size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    return size


def _check_structure(file, size: int, max_pages: int) -> int:
    file.seek(0)
    try:
        with (
            pypdf_warnings_counted() as warnings,
            apply_configuration(**dict.fromkeys(PYPDF_DECODE_LIMITS, PYPDF_DECODE_LIMIT)),
        ):
            page_count = _parse(file, size, max_pages)
            if warnings.hid_objects():
                raise _damaged(
                    _("its index of parts points at the wrong places, so readers may each see other content")
                )
            return page_count
    except PdfRejected:
        raise
    except LimitReachedError as error:
        # pypdf's ceilings: those on decoding mean a bomb, the others (array sizes, depths) a broken file.
        if any(word in str(error).lower() for word in ("decompress", "decoding", "output", "buffer")):
            raise _bomb(_("a part of it grows past the limits when read")) from error
        raise _damaged(_("it is built past the limits a PDF reader accepts")) from error
    except PARSE_ERRORS as error:
        raise _damaged(_("its structure cannot be parsed")) from error


class _WholeFileRead(BaseException):
    """pypdf wants the whole file in memory: only its recovery of a broken file does that. A
    BaseException, so that pypdf's own `except Exception` fallbacks do not swallow it."""


class _ChunkedReads(io.RawIOBase):
    """The upload as pypdf sees it: any read, never all of it at once (`readall` refuses), and no
    `getbuffer` to copy it from. Wrapped in a BufferedReader, pypdf's many one-byte reads stay cheap."""

    def __init__(self, file):
        self.file = getattr(file, "file", None) or file  # skip the Django File proxy

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.file.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self.file.seek(offset, whence)

    def tell(self) -> int:
        return self.file.tell()

    def readall(self) -> bytes:
        raise _WholeFileRead


def _parse(file, size: int, max_pages: int) -> int:
    try:
        return _parse_stream(io.BufferedReader(_ChunkedReads(file), buffer_size=64 * 1024), size, max_pages)
    except _WholeFileRead:
        # Rebuilding a broken cross-reference table means holding and searching the whole file,
        # once per missing object: a repair we leave to the speaker's tools.
        raise _damaged(_("its cross-reference table, the index of its parts, is broken")) from None


def _parse_stream(stream, size: int, max_pages: int) -> int:
    reader = PdfReader(stream, strict=False)
    if reader.is_encrypted:
        raise _reject(
            "encrypted",
            _(
                "The PDF is encrypted or password-protected (even a file that opens without a password can be "
                "encrypted to restrict printing or copying). Save it again without any password or "
                "restrictions and upload that file."
            ),
        )
    pages = _pages(reader, max_pages)
    walk_objects(reader, size, pages)
    return len(pages)


def _too_many_pages(pages: int, max_pages: int) -> PdfRejected:
    return _reject(
        "too_many_pages",
        _("The PDF has %(pages)s pages; at most %(max)s are accepted. Remove the backup slides or split the deck."),
        pages=pages,
        max=max_pages,
    )


def _pages(reader: PdfReader, max_pages: int) -> list[DictionaryObject]:
    """The pages in reading order, counted against the limit from the tree's /Count first."""
    root = reader.trailer["/Root"].get_object()
    tree = root["/Pages"].get_object()
    declared = tree.get("/Count")
    if not isinstance(declared, int) or declared < 1:
        raise _damaged(_("its page tree has no page count"))
    if declared > max_pages:  # refused before the tree is walked: a page-count bomb costs nothing
        raise _too_many_pages(int(declared), max_pages)
    leaves: list[DictionaryObject] = []
    seen: set[int] = set()
    repeated = False
    budget = PAGE_TREE_NODES_PER_PAGE * max_pages + 16
    stack = [root["/Pages"]]
    while stack:
        reference = stack.pop()
        budget -= 1
        if budget < 0:
            raise _damaged(_("its page tree is far larger than its pages"))
        again = isinstance(reference, IndirectObject) and reference.idnum in seen
        if isinstance(reference, IndirectObject):
            seen.add(reference.idnum)
        node = reference.get_object()
        if not isinstance(node, DictionaryObject):
            raise _damaged(_("its page tree holds something that is not a page"))
        if node.get("/Type") == "/Pages" or "/Kids" in node:
            if again:  # a cycle, or a branch listed twice: never walked twice
                repeated = True
                continue
            kids = node.get("/Kids")
            kids = kids.get_object() if kids is not None else None
            if not isinstance(kids, ArrayObject):
                raise _damaged(_("its page tree is broken"))
            stack.extend(reversed(kids))
        else:
            # A page listed many times still counts each time, as a viewer would show it.
            repeated |= again
            leaves.append(node)
            if len(leaves) > max_pages:
                raise _too_many_pages(len(leaves), max_pages)
    if repeated:
        raise _damaged(_("its page tree lists the same page or branch twice"))
    if len(leaves) != declared:
        raise _damaged(
            _("its page tree says %(declared)s pages but holds %(found)s")
            % {"declared": declared, "found": len(leaves)}
        )
    return leaves
