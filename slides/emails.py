"""E-mails of the slide deadlines, each in its recipient's language: reminders to the speakers of a
talk missing a version, and the organisers' daily digest of late talks."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from common.emails import render_subject
from common.mail import mail_queue_and_send
from conference.models import ConferenceRole
from slides.models import LateDigest, SlideReminder


def _mail(template: str, person, context: dict, key: str) -> dict:
    with translation.override(person.locale or settings.LANGUAGE_CODE):
        subject = render_subject(f"slides/email/{template}_subject.txt", context)
        body = render_to_string(f"slides/email/{template}.txt", context)
    return {
        "key": f"slides.{template}:{key}:{person.pk}",
        "kind": f"slides.{template}",
        "to": person.email,
        "subject": subject,
        "body": body,
        "conference_slug": context["conference"].slug,
    }


def send_reminder(reminder: SlideReminder) -> None:
    submission = reminder.talk.submission
    conference = submission.conference
    mails = []
    for link in submission.speaker_links.all():
        speaker = link.user
        context = {
            "reminder": reminder,
            "submission": submission,
            "conference": conference,
            "speaker": speaker,
            "url": settings.SITE_URL + reverse("slides:portal"),
        }
        mails.append(_mail(f"reminder_{reminder.kind}", speaker, context, key=str(reminder.pk)))
    mail_queue_and_send(mails)


def send_late_digest(digest: LateDigest) -> None:
    # Imported here: the services module queues this module's tasks.
    from slides.services.reminders import late_talks

    conference = digest.conference
    talks = list(late_talks(conference))
    organisers = ConferenceRole.objects.filter(conference=conference, role=ConferenceRole.Role.ORGANISER)
    url = settings.SITE_URL + reverse("slides-manage:dashboard", args=[conference.slug])
    mails = []
    for role in organisers.select_related("user").order_by("user__email"):
        context = {"digest": digest, "conference": conference, "talks": talks, "organiser": role.user, "url": url}
        mails.append(_mail("late_digest", role.user, context, key=str(digest.pk)))
    mail_queue_and_send(mails)
