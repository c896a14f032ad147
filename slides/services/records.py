"""The talk's slide record: created on first need and locked for the caller's transaction; its
status changed through the one transition function."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cfp.models import Submission
from events.services import emit
from slides import states
from slides.models import Status, TalkSlides


def locked_talk_slides(submission: Submission) -> TalkSlides:
    """Get or create the talk's TalkSlides and lock its row (`SELECT … FOR UPDATE`) until the
    caller's transaction ends: call it inside `transaction.atomic()`. Two first uploads racing both
    end up with the same row: the loser's INSERT fails on the one-to-one, and it then waits on the lock."""
    found = TalkSlides.objects.select_for_update().filter(submission=submission).first()
    if found is None:
        try:
            with transaction.atomic():
                TalkSlides.objects.create(submission=submission)
        except IntegrityError:
            pass  # Created meanwhile by a concurrent transaction; the locking read below waits for it.
        found = TalkSlides.objects.select_for_update().get(submission=submission)
    found.submission = submission
    return found


def talk_slides_transition(
    *,
    talk: TalkSlides,
    to_status: str,
    fields: dict[str, Any] | None = None,
    event: str | None = None,
    data: dict[str, Any] | None = None,
    by=None,
) -> TalkSlides:
    """The only code that changes `TalkSlides.status` (see slides/states.py): checks the transition,
    sets it with `fields` (the columns that change with it), saves those alone and, given `event`
    (`talk.flagged_late`, …), emits `summit.slides.<event>.v1` with `data`. Call it inside the
    transaction that locked the talk."""
    if not states.can_transition(talk.status, to_status):
        raise ValidationError(
            _("Slides that are %(status)s cannot become %(target)s.")
            % {"status": talk.get_status_display(), "target": Status(to_status).label},
            code="invalid_transition",
        )
    fields = fields or {}
    talk.status = to_status
    for name, value in fields.items():
        setattr(talk, name, value)
    talk.save(update_fields=["status", *fields, "updated_at"])
    if event is not None:
        emit(
            f"summit.slides.{event}.v1",
            subject=talk.subject,
            data=data or {},
            conference_slug=talk.submission.conference.slug,
            actor=by,
        )
    return talk
