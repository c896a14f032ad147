"""The refusal a PDF check raises, shared by the checks of slides.pdf."""

import math

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

EXPORT_HINT = _("Export the slides as PDF from your presentation software and upload that file.")


class PdfRejected(ValidationError):
    """Why a deck was refused: `.code` is stable for programs, the message is for the speaker."""


def reject(code: str, message, **params) -> PdfRejected:
    return PdfRejected(message, code=code, params=params or None)


def damaged(reason) -> PdfRejected:
    return reject(
        "damaged",
        _("The PDF is damaged (%(reason)s) and cannot be read. Export it again and upload the new file."),
        reason=reason,
    )


def bomb(reason) -> PdfRejected:
    return reject(
        "decompression_bomb",
        _(
            "The PDF is refused because %(reason)s: files built this way are used to exhaust servers. Export the "
            "slides again and upload the new file."
        ),
        reason=reason,
    )


def too_large(size: int, max_bytes: int) -> PdfRejected:
    return reject(
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
