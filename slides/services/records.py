"""The talk's slide record, created on first need and locked for the caller's transaction."""

from django.db import IntegrityError, transaction

from cfp.models import Submission
from slides.models import TalkSlides


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
