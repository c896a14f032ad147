"""Co-speakers: invitations by e-mail, joining a proposal, and the limits on both."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from cfp.models import CoSpeakerInvitation, Submission, SubmissionSpeaker
from cfp.services.speakers import speaker_accept_invitation, speaker_invite
from events.models import OutboxEvent
from tests.factories.cfp import CfpSettingsFactory, CoSpeakerInvitationFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

State = Submission.State


def _raised(call) -> ValidationError:
    with pytest.raises(ValidationError) as raised:
        call()
    return raised.value


def test_invite_creates_invitation_and_emits_speaker_invited(draft, speaker, conference):
    invitation = speaker_invite(submission=draft, email="  Grace@Summit.TEST ", by=speaker)

    event = OutboxEvent.objects.get()
    assert (invitation.email, invitation.accepted_at) == ("grace@summit.test", None)
    assert event.type == "summit.cfp.submission.speaker_invited.v1"
    assert event.data == {"code": draft.code, "conference": conference.slug, "invited_by": speaker.pk}


def test_invite_mails_the_link_after_commit(django_capture_on_commit_callbacks, draft, speaker, conference):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = speaker_invite(submission=draft, email="grace@summit.test", by=speaker)

    [message] = mail.outbox
    assert message.to == ["grace@summit.test"]
    assert message.subject == f"[{conference.name}] You are invited to co-present a talk"
    assert f"/me/invitations/{invitation.token}/" in message.body
    assert "Ada Lovelace invites you to co-present “Exactly-once in practice”" in message.body


def test_invite_existing_speaker_is_field_error(draft, speaker):
    error = _raised(lambda: speaker_invite(submission=draft, email="SPEAKER@summit.test", by=speaker))

    assert error.message_dict == {"email": ["This person is already a speaker of this submission."]}
    assert CoSpeakerInvitation.objects.count() == 0


def test_invite_same_address_twice_is_field_error(draft, speaker):
    speaker_invite(submission=draft, email="grace@summit.test", by=speaker)

    error = _raised(lambda: speaker_invite(submission=draft, email="Grace@summit.test", by=speaker))

    assert error.message_dict == {"email": ["This address has already been invited."]}
    assert CoSpeakerInvitation.objects.count() == 1


def test_invite_beyond_five_speakers_is_refused(draft, speaker):
    for n in range(4):
        speaker_invite(submission=draft, email=f"co{n}@summit.test", by=speaker)

    error = _raised(lambda: speaker_invite(submission=draft, email="sixth@summit.test", by=speaker))

    assert (error.code, error.messages) == ("too_many", ["A submission has at most 5 speakers."])
    assert CoSpeakerInvitation.objects.count() == 4


@pytest.mark.parametrize("state", [State.WITHDRAWN, State.REJECTED, State.CONFIRMED])
def test_invite_to_closed_submission_is_refused(conference, catalogue, speaker, state):
    submission = SubmissionFactory(conference=conference, state=state, speakers=[speaker], **catalogue)

    error = _raised(lambda: speaker_invite(submission=submission, email="grace@summit.test", by=speaker))

    assert error.code == "closed"
    assert OutboxEvent.objects.count() == 0


# --- Accepting an invitation ----------------------------------------------------------------------


def test_accept_invitation_adds_speaker_and_emits_joined(submitted, speaker, co_speaker):
    invitation = CoSpeakerInvitationFactory(submission=submitted, email=co_speaker.email)

    speaker_accept_invitation(invitation=invitation, user=co_speaker)

    invitation.refresh_from_db()
    event = OutboxEvent.objects.get()
    assert (invitation.accepted_by, invitation.accepted_at is not None) == (co_speaker, True)
    assert SubmissionSpeaker.objects.get(submission=submitted, user=co_speaker).is_primary is False
    assert event.type == "summit.cfp.submission.speaker_joined.v1"
    assert event.data["speaker_ids"] == sorted([speaker.pk, co_speaker.pk])
    assert event.data["speaker_id"] == co_speaker.pk


def test_accept_used_invitation_is_refused(submitted, co_speaker, other_speaker):
    invitation = CoSpeakerInvitationFactory(submission=submitted, email=co_speaker.email)
    speaker_accept_invitation(invitation=invitation, user=co_speaker)

    error = _raised(lambda: speaker_accept_invitation(invitation=invitation, user=other_speaker))

    assert (error.code, error.messages) == ("used", ["This invitation has already been used."])
    assert submitted.speaker_links.count() == 2


def test_accept_invitation_to_submitted_beyond_invitee_cap_is_refused(submitted, co_speaker, conference, catalogue):
    CfpSettingsFactory(conference=conference, max_submissions_per_speaker=1)
    SubmissionFactory(conference=conference, speakers=[co_speaker], **catalogue)
    invitation = CoSpeakerInvitationFactory(submission=submitted, email=co_speaker.email)

    error = _raised(lambda: speaker_accept_invitation(invitation=invitation, user=co_speaker))

    invitation.refresh_from_db()
    assert error.code == "cap_reached"
    assert invitation.accepted_at is None
    assert submitted.speaker_links.count() == 1


def test_accept_invitation_to_draft_leaves_cap_to_submission(draft, co_speaker, conference, catalogue):
    CfpSettingsFactory(conference=conference, max_submissions_per_speaker=1)
    SubmissionFactory(conference=conference, speakers=[co_speaker], **catalogue)
    invitation = CoSpeakerInvitationFactory(submission=draft, email=co_speaker.email)

    speaker_accept_invitation(invitation=invitation, user=co_speaker)

    assert draft.speaker_links.count() == 2


def test_accept_invitation_as_existing_speaker_is_refused(submitted, speaker):
    invitation = CoSpeakerInvitationFactory(submission=submitted, email="alias@summit.test")

    error = _raised(lambda: speaker_accept_invitation(invitation=invitation, user=speaker))

    assert error.code == "already_speaker"


def test_accept_invitation_to_withdrawn_is_refused(conference, catalogue, speaker, co_speaker):
    submission = SubmissionFactory(conference=conference, state=State.WITHDRAWN, speakers=[speaker], **catalogue)
    invitation = CoSpeakerInvitationFactory(submission=submission, email=co_speaker.email)

    error = _raised(lambda: speaker_accept_invitation(invitation=invitation, user=co_speaker))

    assert error.code == "closed"
    assert OutboxEvent.objects.count() == 0
