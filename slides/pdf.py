"""PDF content checks (minimal stand-in on the slides-core branch: the slides-pdf branch owns this
module and replaces it at merge; same names and contract)."""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

CHUNK = 64 * 1024


class PdfRejected(ValidationError):
    pass


@dataclass(frozen=True)
class CheckedPdf:
    sha256: str
    size_bytes: int
    page_count: int


def check_pdf(file, *, max_bytes: int, max_pages: int, content_type: str | None = None) -> CheckedPdf:
    file.seek(0)
    head = file.read(1024)
    file.seek(0, 2)
    size = file.tell()
    file.seek(0)
    if size == 0:
        raise PdfRejected(_("The file is empty. Choose your PDF again."), code="empty")
    if size > max_bytes:
        raise PdfRejected(
            _("The file is larger than %(mb)s MB. Compress the images or split the deck.") % {"mb": max_bytes // 2**20},
            code="too_large",
        )
    if content_type and content_type not in ("application/pdf", "application/octet-stream", "application/x-pdf"):
        raise PdfRejected(_("This is not a PDF. Export your slides as PDF and upload that."), code="wrong_type")
    if not head.startswith(b"%PDF-"):
        if b"%PDF-" in head or b"%PDF-" in _tail(file):
            raise PdfRejected(
                _("The file holds a PDF behind other content. Export your slides as a plain PDF."), code="polyglot"
            )
        raise PdfRejected(_("This is not a PDF. Export your slides as PDF and upload that."), code="not_pdf")
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(CHUNK), b""):
        digest.update(chunk)
    file.seek(0)
    try:
        reader = PdfReader(file)
        if reader.is_encrypted:
            raise PdfRejected(_("The PDF is password-protected. Export it without a password."), code="encrypted")
        pages = len(reader.pages)
    except PdfRejected:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise PdfRejected(_("The PDF is damaged and cannot be read. Export it again."), code="damaged") from error
    finally:
        file.seek(0)
    if pages < 1:
        raise PdfRejected(_("The PDF has no pages. Export it again."), code="damaged")
    if pages > max_pages:
        raise PdfRejected(
            _("The deck has %(n)s pages; the most allowed is %(max)s.") % {"n": pages, "max": max_pages},
            code="too_many_pages",
        )
    return CheckedPdf(sha256=digest.hexdigest(), size_bytes=size, page_count=pages)


def _tail(file) -> bytes:
    file.seek(0)
    found = b""
    for chunk in iter(lambda: file.read(CHUNK), b""):
        if b"%PDF-" in chunk:
            found = b"%PDF-"
            break
    file.seek(0)
    return found
