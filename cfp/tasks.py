"""Celery tasks of the call for papers: thin, primitive arguments, retried on mail-server errors."""

from celery import shared_task

from cfp import emails
from cfp.models import CoSpeakerInvitation, Submission
from common.retry import RETRY


@shared_task(name="cfp.send_submission_received", **RETRY)
def send_submission_received(submission_code: str) -> None:
    submission = (
        Submission.objects.select_related("conference", "track", "submission_type")
        .prefetch_related("speaker_links__user")
        .filter(code=submission_code)
        .first()
    )
    if submission is not None:
        emails.send_submission_received(submission)


@shared_task(name="cfp.send_cospeaker_invitation", **RETRY)
def send_cospeaker_invitation(invitation_id: int) -> None:
    invitation = (
        CoSpeakerInvitation.objects.select_related("submission__conference", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True)
        .first()
    )
    if invitation is not None:
        emails.send_cospeaker_invitation(invitation)
