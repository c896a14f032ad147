"""E-mails of the schedule, rendered in each recipient's language."""

import datetime as dt

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from cfp.models import SubmissionSpeaker
from common.emails import render_subject
from common.mail import mail_queue_and_send
from schedule.models import ScheduleRelease


def _local(value: str, tz) -> dt.datetime:
    return dt.datetime.fromisoformat(value).astimezone(tz)


def send_release_notifications(release: ScheduleRelease) -> None:
    """One mail per speaker per talk that was added, moved or cancelled in this release."""
    conference = release.conference
    changes = [(kind, entry) for kind in ("added", "moved", "cancelled") for entry in release.changelog.get(kind, [])]
    codes = [entry["code"] for _kind, entry in changes]
    links = SubmissionSpeaker.objects.filter(submission__code__in=codes).select_related("user", "submission")
    speakers: dict[str, list] = {}
    for link in links:
        speakers.setdefault(link.submission.code, []).append(link.user)
    tz = conference.tzinfo
    mails = []
    for kind, entry in changes:
        url = settings.SITE_URL + reverse("schedule:talk", kwargs={"slug": conference.slug, "code": entry["code"]})
        context = {
            "conference": conference,
            "release": release,
            "kind": kind,
            "title": entry["title"],
            "url": url,
            "before": entry.get("from") and {**entry["from"], "starts_at": _local(entry["from"]["starts_at"], tz)},
            "after": entry.get("to") and {**entry["to"], "starts_at": _local(entry["to"]["starts_at"], tz)},
        }
        for user in speakers.get(entry["code"], []):
            with translation.override(user.locale or settings.LANGUAGE_CODE), timezone.override(tz):
                subject = render_subject("schedule/email/talk_changed_subject.txt", context)
                body = render_to_string("schedule/email/talk_changed.txt", context | {"speaker": user})
            mails.append(
                {
                    "key": f"schedule.talk_{kind}:{release.pk}:{entry['code']}:{user.pk}",
                    "kind": f"schedule.talk_{kind}",
                    "to": user.email,
                    "subject": subject,
                    "body": body,
                    "conference_slug": conference.slug,
                }
            )
    mail_queue_and_send(mails)
