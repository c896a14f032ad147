"""E-mails about bookings, to the speaker and the mentor, each in their own language and time zone.
Invites and cancellations carry the iCalendar file a calendar client acts on, written once with
the mail (common.mail), so every try sends the same UID, SEQUENCE and DTSTAMP."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from common.emails import render_subject
from common.mail import mail_queue_and_send
from office_hours import calendar
from office_hours.models import Booking


def _recipients(booking: Booking) -> list[tuple[object, str]]:
    speaker_url = reverse("office_hours:booking", args=[booking.conference.slug, booking.code])
    mentor_url = reverse("office_hours:mentor-booking", args=[booking.conference.slug, booking.code])
    return [(booking.speaker, settings.SITE_URL + speaker_url), (booking.slot.mentor, settings.SITE_URL + mentor_url)]


def _send(booking: Booking, template: str, ics: bytes | None = None, extra: dict | None = None, key: str = "") -> None:
    """`key` tells this mail from the booking's other mails of the same template (the reminder's
    24h / 1h, the invite's SEQUENCE), so composing it again finds the row already written."""
    mails = []
    for person, url in _recipients(booking):
        context = {
            "booking": booking,
            "slot": booking.slot,
            "conference": booking.conference,
            "person": person,
            "is_mentor": person.pk == booking.slot.mentor_id,
            "other": booking.speaker if person.pk == booking.slot.mentor_id else booking.slot.mentor,
            "url": url,
        } | (extra or {})
        with translation.override(person.locale or settings.LANGUAGE_CODE):
            subject = render_subject(f"office_hours/email/{template}_subject.txt", context)
            body = render_to_string(f"office_hours/email/{template}.txt", context)
        attachment = None
        if ics is not None:
            method = "CANCEL" if not booking.is_active else "REQUEST"
            attachment = ("invite.ics", f"text/calendar; method={method}", ics.decode())
        mails.append(
            {
                "key": f"office_hours.{template}:{booking.code}:{key}:{person.pk}",
                "kind": f"office_hours.{template}",
                "to": person.email,
                "subject": subject,
                "body": body,
                "conference_slug": booking.conference.slug,
                "attachment": attachment,
            }
        )
    mail_queue_and_send(mails)


def send_booking_invite(booking: Booking) -> None:
    _send(booking, "booking_confirmed", calendar.booking_invite(booking), key=f"seq{booking.sequence}")


def send_booking_cancelled(booking: Booking) -> None:
    _send(booking, "booking_cancelled", calendar.booking_invite(booking), key=f"seq{booking.sequence}")


def send_booking_reminder(booking: Booking, which: str) -> None:
    _send(booking, "booking_reminder", extra={"which": which}, key=which)
