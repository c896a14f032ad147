"""The review committee's e-mails, rendered in each recipient's language. Decision e-mails are
rendered when queued (the organisers read them in the outbox) and sent later as they were read."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from common.emails import render_subject


def render(template: str, *, locale: str, context: dict) -> tuple[str, str]:
    with translation.override(locale or settings.LANGUAGE_CODE):
        subject = render_subject(f"review/email/{template}_subject.txt", context)
        body = render_to_string(f"review/email/{template}.txt", context)
    return subject, body


def portal_url() -> str:
    return settings.SITE_URL + reverse("review-portal:decisions")


def message(*, to: str, subject: str, body: str) -> EmailMessage:
    return EmailMessage(subject=subject, body=body, to=[to])


def send_clarification_asked(clarification) -> None:
    submission = clarification.submission
    for link in submission.speaker_links.all():
        context = {
            "submission": submission,
            "conference": submission.conference,
            "speaker": link.user,
            "url": portal_url(),
        }
        subject, body = render("clarification_asked", locale=link.user.locale, context=context)
        message(to=link.user.email, subject=subject, body=body).send()
