"""The bytes around a PDF: it must start at offset 0 and end at its last %%EOF, with nothing of
another format before or after it (a polyglot), or hidden as a ZIP directory in its last 64 KB.
Read in chunks and by seeking, never whole; part of slides.pdf.check.check_pdf."""

import hashlib
import struct
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from slides.pdf.refusals import EXPORT_HINT, PdfRejected, damaged, reject, too_large

CHUNK = 1024 * 1024
# At most this many bytes after the last %%EOF that are not whitespace (some producers add a stray byte).
TRAILING_SLACK = 32
ZIP_END_SEARCH = 65_535 + 22  # a ZIP end record: 22 bytes and a comment of up to 64 KB
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


@dataclass
class Scan:
    sha256: str
    size: int
    first_header: int  # offset of the first "%PDF-", -1 when absent
    last_eof: int  # offset of the last "%%EOF", -1 when absent
    head: bytes


def scan_bytes(file, max_bytes: int) -> Scan:
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
            raise too_large(size, max_bytes)
        carry = window[-4:]
    return Scan(sha256=digest.hexdigest(), size=size, first_header=first_header, last_eof=last_eof, head=head)


def _foreign_format(data: bytes) -> str | None:
    lowered = data.lstrip(b" \t\r\n\x00\xef\xbb\xbf").lower()
    for signature, name in FOREIGN_SIGNATURES:
        if lowered.startswith(signature):
            return name
    for signature, name in FOREIGN_SIGNATURES[:4]:  # an HTML tag a little further in
        if signature in lowered[:1024]:
            return name
    return None


def check_envelope(file, scan: Scan) -> None:
    """The bytes around the PDF: it must start at offset 0 and end at its last %%EOF."""
    if scan.first_header != 0:
        if scan.first_header > 0:
            raise reject(
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
        raise reject("not_pdf", message, hint=EXPORT_HINT)
    if scan.last_eof < 0:
        raise damaged(_("it ends before its end marker; the upload or the export was probably cut short"))
    file.seek(scan.last_eof + 5)
    tail = file.read(CHUNK)
    rest = tail.strip(b" \t\r\n\x00\x0c")
    if rest:
        kind = _foreign_format(rest)
        if kind is None and any(token in rest for token in (b" obj", b"endobj", b"xref", b"stream")):
            raise damaged(_("an update appended to it is cut short"))
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
    return reject(
        "polyglot",
        _(
            "The file holds other data (%(format)s) after the end of the PDF, so it reads as two different kinds of "
            "file. Such files are refused for safety. %(hint)s"
        ),
        format=FORMAT_NAMES.get(kind, _("unknown data")),
        hint=EXPORT_HINT,
    )
