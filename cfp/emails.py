"""E-mails of the call for papers, rendered in each recipient's language."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from common.emails import render_subject
from common.mail import mail_queue_and_send


def _mail(*, key: str, to: str, locale: str, template: str, context: dict) -> dict:
    with translation.override(locale or settings.LANGUAGE_CODE):
        subject = render_subject(f"cfp/email/{template}_subject.txt", context)
        body = render_to_string(f"cfp/email/{template}.txt", context)
    return {
        "key": f"cfp.{template}:{key}",
        "kind": f"cfp.{template}",
        "to": to,
        "subject": subject,
        "body": body,
        "conference_slug": context["conference"].slug,
    }


def send_submission_received(submission) -> None:
    url = settings.SITE_URL + reverse("cfp:submission", kwargs={"code": submission.code})
    mails = []
    for link in submission.speaker_links.all():
        context = {"submission": submission, "conference": submission.conference, "speaker": link.user, "url": url}
        # Each submission (a withdrawn proposal may be submitted again) is its own mail.
        submitted = submission.submitted_at.isoformat() if submission.submitted_at else ""
        key = f"{submission.code}:{submitted}:{link.user.pk}"
        mails.append(
            _mail(key=key, to=link.user.email, locale=link.user.locale, template="submission_received", context=context)
        )
    mail_queue_and_send(mails)


def send_cospeaker_invitation(invitation) -> None:
    url = settings.SITE_URL + reverse("cfp:invitation", kwargs={"token": invitation.token})
    context = {
        "submission": invitation.submission,
        "conference": invitation.submission.conference,
        "inviter": invitation.invited_by,
        "url": url,
    }
    # The invitee may have no account yet: write in the inviter's language.
    mail = _mail(
        key=str(invitation.pk),
        to=invitation.email,
        locale=invitation.invited_by.locale,
        template="cospeaker_invitation",
        context=context,
    )
    mail_queue_and_send([mail])
