"""Co-speakers: invitations by e-mail and joining a submission."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cfp import states
from cfp.models import CoSpeakerInvitation, Submission, SubmissionSpeaker
from cfp.services.submissions import check_speaker_cap, submission_event_data
from cfp.tasks import send_cospeaker_invitation
from common.queueing import enqueue_on_commit
from events.services import emit

MAX_SPEAKERS = 5
OPEN_FOR_SPEAKERS = frozenset(
    {Submission.State.DRAFT, Submission.State.SUBMITTED, Submission.State.UNDER_REVIEW, Submission.State.ACCEPTED}
)


@transaction.atomic
def speaker_invite(*, submission: Submission, email: str, by) -> CoSpeakerInvitation:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.state not in OPEN_FOR_SPEAKERS:
        raise ValidationError(_("Speakers can no longer be added to this submission."), code="closed")
    email = email.strip().lower()
    if submission.speaker_links.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a speaker of this submission.")})
    if (
        submission.speaker_links.count() + submission.invitations.filter(accepted_at__isnull=True).count()
        >= MAX_SPEAKERS
    ):
        raise ValidationError(_("A submission has at most %(max)s speakers.") % {"max": MAX_SPEAKERS}, code="too_many")
    try:
        with transaction.atomic():
            invitation = CoSpeakerInvitation.objects.create(submission=submission, email=email, invited_by=by)
    except IntegrityError:
        raise ValidationError({"email": _("This address has already been invited.")}) from None
    emit(
        "summit.cfp.submission.speaker_invited.v1",
        subject=submission.subject,
        data={"code": submission.code, "conference": submission.conference.slug, "invited_by": by.pk},
        conference_slug=submission.conference.slug,
        actor=by,
    )
    enqueue_on_commit(send_cospeaker_invitation, invitation.pk)
    return invitation


@transaction.atomic
def speaker_accept_invitation(*, invitation: CoSpeakerInvitation, user) -> Submission:
    invitation = CoSpeakerInvitation.objects.select_for_update().get(pk=invitation.pk)
    submission = Submission.objects.select_for_update().get(pk=invitation.submission_id)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."), code="used")
    if submission.state not in OPEN_FOR_SPEAKERS:
        raise ValidationError(_("This submission no longer takes new speakers."), code="closed")
    if submission.speaker_links.filter(user=user).exists():
        raise ValidationError(_("You are already a speaker of this submission."), code="already_speaker")
    if submission.state in states.COUNTED_STATES:
        check_speaker_cap(submission, [user])
    SubmissionSpeaker.objects.create(submission=submission, user=user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    emit(
        "summit.cfp.submission.speaker_joined.v1",
        subject=submission.subject,
        data=submission_event_data(submission) | {"speaker_id": user.pk},
        conference_slug=submission.conference.slug,
        actor=user,
    )
    return submission
