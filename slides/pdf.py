"""Checks an uploaded slide deck by its content: is it a plain, self-contained PDF we can publish?

`check_pdf` reads the file in chunks and by seeking, never whole. In order:

1. the bytes: empty, over the size limit, a declared content type that is not PDF, `%PDF-` missing
   at offset 0 (another format, or one hiding in front of the PDF: a polyglot), no `%%EOF` at the end
   (truncated) or another format's data after it (a ZIP or an HTML page appended: a polyglot);
2. the structure, parsed with pypdf: unreadable (damaged), encrypted, the page count read from the
   page tree's `/Count` and refused past the limit *before* the tree is walked, then the walk itself
   (capped, cycle-safe) which must agree with `/Count`;
3. every object in the cross-reference table (slides/pdf_objects.py; at most 10,000 + 250 per
   page), one at a time (each is dropped from pypdf's cache once seen, so memory stays flat):
   JavaScript (`/JS`, `/JavaScript` name trees, actions of type JavaScript wherever they hang:
   OpenAction, annotations, `/AA`, AcroForm fields; XFA forms), launch actions, embedded files
   (`/EmbeddedFiles`, file specifications with `/EF`, file attachment annotations, `/GoToE`), and
   each stream inflated in 1 MB pieces that are counted then discarded, stopping at a ceiling
   (slides/pdf_streams.py): a decompression bomb is refused after a bounded amount of work, never
   inflated in full. Images are held to Pillow's pixel limit. pypdf's own decoders (object and
   cross-reference streams) run with their ceilings lowered to 16 MB.

Each refusal is a `PdfRejected` (a ValidationError) with its own code and a message that tells the
speaker why and what to do instead.
"""

import hashlib
import io
import math
import struct
import zlib
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from slides.pdf_objects import walk_objects
from slides.pdf_refusals import EXPORT_HINT, PdfRejected
from slides.pdf_refusals import bomb as _bomb
from slides.pdf_refusals import damaged as _damaged
from slides.pdf_refusals import reject as _reject

CHUNK = 1024 * 1024
# Acceptable declared types: what browsers and HTTP clients send for a PDF, or nothing specific.
PDF_CONTENT_TYPES = {"application/pdf", "application/x-pdf", "application/acrobat", "application/octet-stream", ""}
# At most this many bytes after the last %%EOF that are not whitespace (some producers add a stray byte).
TRAILING_SLACK = 32
ZIP_END_SEARCH = 65_535 + 22  # a ZIP end record: 22 bytes and a comment of up to 64 KB
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
FOREIGN_SIGNATURES = (  # another format's start, seen before the PDF or after its end
    (b"<!doctype", "html"),
    (b"<html", "html"),
    (b"<script", "html"),
    (b"<svg", "html"),
    (b"<?xml", "xml"),
    (b"pk\x03\x04", "zip"),
    (b"\x89png", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"gif8", "image"),
)
FORMAT_NAMES = {
    "html": _("a web page"),
    "xml": _("an XML document"),
    "zip": _("a ZIP archive"),
    "image": _("an image"),
}


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
        scan = _scan_bytes(file, max_bytes)
        _check_envelope(file, scan)
        page_count = _check_structure(file, scan.size, max_pages)
        return CheckedPdf(sha256=scan.sha256, size_bytes=scan.size, page_count=page_count)
    finally:
        file.seek(0)


def _too_large(size: int, max_bytes: int) -> PdfRejected:
    return _reject(
        "too_large",
        _(
            "The file is larger than %(limit)s (it is %(size)s). Reduce the size of its images (most tools have a "
            "“reduce file size” or “optimise for screen” export option) and upload it again."
        ),
        size=_rounded_up(size),
        limit=_megabytes(max_bytes),
    )


def _rounded_up(size: int):
    # "1.1 MB" for a file just over a 1 MB limit, where rounding would say "1.0 MB".
    return f"{math.ceil(size * 10 / 2**20) / 10:.1f} MB" if size >= 2**20 else filesizeformat(size)


def _megabytes(size: int):
    # The limit is set in whole megabytes: say "50 MB", not "50.0 MB".
    return f"{size // 2**20} MB" if size % 2**20 == 0 else filesizeformat(size)


def _declared_size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    return size


@dataclass
class _Scan:
    sha256: str
    size: int
    first_header: int  # offset of the first "%PDF-", -1 when absent
    last_eof: int  # offset of the last "%%EOF", -1 when absent
    head: bytes


def _scan_bytes(file, max_bytes: int) -> _Scan:
    """One pass over the bytes: hash, real size, where the PDF header and the last %%EOF are."""
    digest = hashlib.sha256()
    size = 0
    first_header = last_eof = -1
    head = b""
    carry = b""  # the end of the previous chunk, so that a marker split across two chunks is found
    file.seek(0)
    while chunk := file.read(CHUNK):
        digest.update(chunk)
        window = carry + chunk
        base = size - len(carry)
        if first_header < 0 and (found := window.find(b"%PDF-")) >= 0:
            first_header = base + found
        if (found := window.rfind(b"%%EOF")) >= 0:
            last_eof = max(last_eof, base + found)
        if len(head) < 1024:
            head = (head + chunk)[:1024]
        size += len(chunk)
        if size > max_bytes:  # the declared size was wrong: stop reading here
            raise _too_large(size, max_bytes)
        carry = window[-4:]
    return _Scan(sha256=digest.hexdigest(), size=size, first_header=first_header, last_eof=last_eof, head=head)


def _foreign_format(data: bytes) -> str | None:
    lowered = data.lstrip(b" \t\r\n\x00\xef\xbb\xbf").lower()
    for signature, name in FOREIGN_SIGNATURES:
        if lowered.startswith(signature):
            return name
    for signature, name in FOREIGN_SIGNATURES[:4]:  # an HTML tag a little further in
        if signature in lowered[:1024]:
            return name
    return None


def _check_envelope(file, scan: _Scan) -> None:
    """The bytes around the PDF: it must start at offset 0 and end at its last %%EOF."""
    if scan.first_header != 0:
        if scan.first_header > 0:
            raise _reject(
                "polyglot",
                _(
                    "The file holds a PDF behind other content (%(format)s), so it reads as two different kinds of "
                    "file. Such files are refused for safety. %(hint)s"
                ),
                format=FORMAT_NAMES.get(_foreign_format(scan.head), _("unknown data")),
                hint=EXPORT_HINT,
            )
        kind = _foreign_format(scan.head)
        message = {
            "html": _("This file is a web page (HTML), not a PDF, even if its name ends in .pdf. %(hint)s"),
            "xml": _("This file is an XML document, not a PDF, even if its name ends in .pdf. %(hint)s"),
            "zip": _(
                "This file is a ZIP archive (PowerPoint, Keynote and LibreOffice files are ZIP archives), "
                "not a PDF, even if its name ends in .pdf. %(hint)s"
            ),
            "image": _("This file is an image, not a PDF. %(hint)s"),
        }.get(kind, _("This file is not a PDF: it does not start like one. %(hint)s"))
        raise _reject("not_pdf", message, hint=EXPORT_HINT)
    if scan.last_eof < 0:
        raise _damaged(_("it ends before its end marker; the upload or the export was probably cut short"))
    file.seek(scan.last_eof + 5)
    tail = file.read(CHUNK)
    rest = tail.strip(b" \t\r\n\x00\x0c")
    if rest:
        kind = _foreign_format(rest)
        if kind is None and any(token in rest for token in (b" obj", b"endobj", b"xref", b"stream")):
            raise _damaged(_("an update appended to it is cut short"))
        if kind is not None or len(rest) > TRAILING_SLACK:
            raise _polyglot_after(kind)
    if _zip_directory_at_end(file, scan.size):
        raise _polyglot_after("zip")


def _zip_directory_at_end(file, size: int) -> bool:
    """A ZIP reader looks for its end record in the last 64 KB of a file, wherever the file starts:
    it may hide inside the PDF itself, before the final %%EOF (in a comment, or in a stream)."""
    start = max(0, size - ZIP_END_SEARCH)
    file.seek(start)
    tail = file.read(ZIP_END_SEARCH)
    found = tail.rfind(b"PK\x05\x06")
    while found >= 0:
        record = tail[found : found + 22]
        if len(record) == 22:
            directory_size = struct.unpack("<L", record[12:16])[0]
            directory = start + found - directory_size
            # A real end record: the central directory it describes ends right where it starts.
            if directory_size and directory >= 0:
                file.seek(directory)
                if file.read(4) == b"PK\x01\x02":
                    return True
        found = tail.rfind(b"PK\x05\x06", 0, found)
    return False


def _polyglot_after(kind: str | None) -> PdfRejected:
    return _reject(
        "polyglot",
        _(
            "The file holds other data (%(format)s) after the end of the PDF, so it reads as two different kinds of "
            "file. Such files are refused for safety. %(hint)s"
        ),
        format=FORMAT_NAMES.get(kind, _("unknown data")),
        hint=EXPORT_HINT,
    )


def _check_structure(file, size: int, max_pages: int) -> int:
    file.seek(0)
    try:
        with apply_configuration(**dict.fromkeys(PYPDF_DECODE_LIMITS, PYPDF_DECODE_LIMIT)):
            return _parse(file, size, max_pages)
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
    page_count = _count_pages(reader, max_pages)
    walk_objects(reader, size, page_count)
    return page_count


def _too_many_pages(pages: int, max_pages: int) -> PdfRejected:
    return _reject(
        "too_many_pages",
        _("The PDF has %(pages)s pages; at most %(max)s are accepted. Remove the backup slides or split the deck."),
        pages=pages,
        max=max_pages,
    )


def _count_pages(reader: PdfReader, max_pages: int) -> int:
    root = reader.trailer["/Root"].get_object()
    tree = root["/Pages"].get_object()
    declared = tree.get("/Count")
    if not isinstance(declared, int) or declared < 1:
        raise _damaged(_("its page tree has no page count"))
    if declared > max_pages:  # refused before the tree is walked: a page-count bomb costs nothing
        raise _too_many_pages(int(declared), max_pages)
    leaves = 0
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
            leaves += 1
            if leaves > max_pages:
                raise _too_many_pages(leaves, max_pages)
    if repeated:
        raise _damaged(_("its page tree lists the same page or branch twice"))
    if leaves != declared:
        raise _damaged(
            _("its page tree says %(declared)s pages but holds %(found)s") % {"declared": declared, "found": leaves}
        )
    return leaves
