"""The refusal a PDF check raises, shared by slides.pdf and slides.pdf_objects."""

from django.core.exceptions import ValidationError
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
