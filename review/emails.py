"""The review committee's e-mails, rendered in each recipient's language. Decision e-mails are
rendered when queued (the organisers read them in the outbox) and sent later as they were read."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from common.emails import render_subject
from common.mail import mail_queue_and_send, message_id


def render(template: str, *, locale: str, context: dict) -> tuple[str, str]:
    with translation.override(locale or settings.LANGUAGE_CODE):
        subject = render_subject(f"review/email/{template}_subject.txt", context)
        body = render_to_string(f"review/email/{template}.txt", context)
    return subject, body


def portal_url() -> str:
    return settings.SITE_URL + reverse("review-portal:decisions")


def notification_message_id(notification_id: int) -> str:
    """The same Message-ID at every try of one queued message, so a copy resent after a crash is
    recognised by mail systems as the message they already have (RFC 5322: one ID per message)."""
    return message_id(f"review-notification.{notification_id}")


def message(*, to: str, subject: str, body: str, message_id: str | None = None) -> EmailMessage:
    headers = {"Message-ID": message_id} if message_id else None
    return EmailMessage(subject=subject, body=body, to=[to], headers=headers)


def send_clarification_asked(clarification) -> None:
    submission = clarification.submission
    mails = []
    for link in submission.speaker_links.all():
        context = {
            "submission": submission,
            "conference": submission.conference,
            "speaker": link.user,
            "url": portal_url(),
        }
        subject, body = render("clarification_asked", locale=link.user.locale, context=context)
        mails.append(
            {
                "key": f"review.clarification_asked:{clarification.pk}:{link.user.pk}",
                "kind": "review.clarification_asked",
                "to": link.user.email,
                "subject": subject,
                "body": body,
                "conference_slug": submission.conference.slug,
            }
        )
    mail_queue_and_send(mails)
