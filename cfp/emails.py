"""E-mails of the call for papers, rendered in each recipient's language."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from common.emails import render_subject


def _send(*, to: str, locale: str, template: str, context: dict) -> None:
    with translation.override(locale or settings.LANGUAGE_CODE):
        subject = render_subject(f"cfp/email/{template}_subject.txt", context)
        body = render_to_string(f"cfp/email/{template}.txt", context)
    EmailMessage(subject=subject, body=body, to=[to]).send()


def send_submission_received(submission) -> None:
    url = settings.SITE_URL + reverse("cfp:submission", kwargs={"code": submission.code})
    for link in submission.speaker_links.all():
        context = {"submission": submission, "conference": submission.conference, "speaker": link.user, "url": url}
        _send(to=link.user.email, locale=link.user.locale, template="submission_received", context=context)


def send_cospeaker_invitation(invitation) -> None:
    url = settings.SITE_URL + reverse("cfp:invitation", kwargs={"token": invitation.token})
    context = {
        "submission": invitation.submission,
        "conference": invitation.submission.conference,
        "inviter": invitation.invited_by,
        "url": url,
    }
    # The invitee may have no account yet: write in the inviter's language.
    _send(to=invitation.email, locale=invitation.invited_by.locale, template="cospeaker_invitation", context=context)
