"""A speaker uploads a new version of their deck.

Order matters for "bad input stores nothing": the PDF is checked before anything is written; the
file is then stored and the row written in one transaction that locks the talk's record (so two
uploads cannot take the same version number). If that transaction fails, the stored files are
deleted before the error goes up: no file without a row, no row without a file."""

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cfp.models import Submission
from events.services import emit
from slides import deadlines, thumbnails
from slides.models import Kind, SlideVersion, Status, TalkSlides
from slides.pdf.check import check_pdf
from slides.permissions import SLIDE_STATES
from slides.selectors.talks import settings_for, talk_slot
from slides.services.records import locked_talk_slides, talk_slides_transition

logger = logging.getLogger(__name__)


def version_data(version: SlideVersion) -> dict[str, Any]:
    talk = version.talk
    return {
        "conference": talk.submission.conference.slug,
        "submission": talk.submission.code,
        "version": version.number,
        "kind": version.kind,
        "sha256": version.sha256,
        "size_bytes": version.size_bytes,
        "page_count": version.page_count,
        "uploaded_by_id": version.uploaded_by_id,
        "uploaded_at": version.uploaded_at,
        "is_late": version.is_late,
        "status": talk.status,
    }


def _status_after_upload(current: str, kind: str) -> str:
    if kind == Kind.FINAL:
        return Status.FINAL_IN
    # A new draft after a final does not take the talk back to the read-through.
    return current if current == Status.FINAL_IN else Status.DRAFT_IN


def _check_open(submission: Submission, talk: TalkSlides | None, now: dt.datetime) -> deadlines.Deadlines:
    if submission.state not in SLIDE_STATES:
        raise ValidationError(_("Slides are for accepted talks only."), code="not_accepted")
    slot = talk_slot(submission)
    due = deadlines.compute(
        submission.conference,
        settings_for(submission.conference),
        talk,
        slot.starts_at if slot else None,
        slot.ends_at if slot else None,
    )
    if due.is_locked(now):
        raise ValidationError(
            _("Your talk started on %(when)s: the deck is locked as shown. Write to the organisers to change it.")
            % {"when": date_format(timezone.localtime(due.locks_at, submission.conference.tzinfo), "DATETIME_FORMAT")},
            code="locked",
        )
    return due


def version_upload(
    *, submission: Submission, user, file, kind: str, content_type: str | None = None, now: dt.datetime | None = None
) -> SlideVersion:
    """Check, store and record a new version; raises ValidationError (PdfRejected for the file's
    content) with nothing stored."""
    now = now or timezone.now()
    if kind not in Kind.values:
        raise ValidationError(_("Choose draft or final."), code="kind")
    _check_open(submission, None, now)
    rules = settings_for(submission.conference)
    checked = check_pdf(
        file, max_bytes=rules.max_size_mb * 1024 * 1024, max_pages=rules.max_pages, content_type=content_type
    )
    try:
        thumbnail = thumbnails.render_first_page(file)
    except thumbnails.ThumbnailError as error:
        # A deck that passed the checks but cannot be drawn (in time) still goes in, without a picture.
        logger.warning("No thumbnail for a slide upload of %s: %s", submission.code, error)
        thumbnail = b""
    stored: list = []
    try:
        with transaction.atomic():
            talk = locked_talk_slides(submission)
            # Checked again under the lock: an extension or a slot move may have landed meanwhile.
            due = _check_open(submission, talk, now)
            deadline = due.due(kind)
            number = (talk.versions.aggregate(top=Max("number"))["top"] or 0) + 1
            version = SlideVersion(
                talk=talk,
                number=number,
                kind=kind,
                sha256=checked.sha256,
                size_bytes=checked.size_bytes,
                page_count=checked.page_count,
                original_name=(getattr(file, "name", "") or "")[-255:],
                uploaded_by=user,
                uploaded_at=now,
                is_late=deadline is not None and now > deadline,
            )
            version.file.save("deck.pdf", file, save=False)
            stored.append(version.file)
            if thumbnail:
                version.thumbnail.save("thumbnail.png", ContentFile(thumbnail), save=False)
                stored.append(version.thumbnail)
            version.save()
            talk_slides_transition(
                talk=talk, to_status=_status_after_upload(talk.status, kind), fields={"late_since": None}
            )
            emit(
                "summit.slides.version.uploaded.v1",
                subject=talk.subject,
                data=version_data(version),
                conference_slug=submission.conference.slug,
                actor=user,
            )
    except BaseException:
        for field in stored:
            field.storage.delete(field.name)
        raise
    return version
