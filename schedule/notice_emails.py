"""E-mails to attendees about their seats and about changes to the talks they follow, each in the
recipient's language and the conference's time zone. Composed by tasks (schedule/tasks.py) after
commit and written as durable mails (common.mail): one per key, so a task run again writes nothing
new, and a mail server that is down only delays them."""

import datetime as dt

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from common.emails import render_subject
from common.mail import mail_queue_and_send
from schedule.exports.ical import reservation_invite
from schedule.models import ChangeNotice, Reservation, ScheduleRelease
from schedule.programme import Programme


def _talk_url(slug: str, code: str) -> str:
    return settings.SITE_URL + reverse("schedule:talk", kwargs={"slug": slug, "code": code})


def send_reservation_update(reservation: Reservation, release: ScheduleRelease) -> None:
    """A seat confirmed (booked or promoted from the waiting line) or given back, with its invite."""
    seating = reservation.seating
    conference = seating.conference
    programme = Programme(release.snapshot, release_id=release.pk, version=release.version)
    item = programme.talks.get(seating.submission.code)
    if item is None:
        return
    cancelled = reservation.status == Reservation.Status.CANCELLED
    user = reservation.user
    context = {
        "conference": conference,
        "talk": item,
        "reservation": reservation,
        "promoted": reservation.promoted_at is not None and not cancelled,
        "cancelled": cancelled,
        "url": _talk_url(conference.slug, item.code),
        "user": user,
    }
    with translation.override(user.locale or settings.LANGUAGE_CODE), timezone.override(conference.tzinfo):
        subject = render_subject("schedule/email/reservation_subject.txt", context)
        body = render_to_string("schedule/email/reservation.txt", context)
    invite = reservation_invite(
        uid=f"rsvp-{reservation.code}@summit",
        sequence=reservation.sequence,
        cancelled=cancelled,
        item=item,
        stamp=timezone.now(),
    )
    method = "CANCEL" if cancelled else "REQUEST"
    mail_queue_and_send(
        [
            {
                # Each change of the place bumps its SEQUENCE: one mail per change, never two.
                "key": f"schedule.reservation:{reservation.code}:{reservation.sequence}:{reservation.status}",
                "kind": "schedule.reservation",
                "to": user.email,
                "subject": subject,
                "body": body,
                "conference_slug": conference.slug,
                "attachment": ("invite.ics", f"text/calendar; method={method}", invite),
            }
        ]
    )


def send_change_notice(notice: ChangeNotice) -> None:
    """One e-mail per person and release, listing every talk of theirs that moved or was cancelled."""
    release = notice.release
    conference = release.conference
    tz = conference.tzinfo
    wanted = set(notice.codes)
    changes = [
        {**entry, "kind": kind, "url": _talk_url(conference.slug, entry["code"])}
        for kind in ("moved", "cancelled")
        for entry in release.changelog.get(kind, [])
        if entry["code"] in wanted
    ]
    for change in changes:
        for side in ("from", "to"):
            if change.get(side):
                change[side] = {**change[side], "starts_at": _aware(change[side]["starts_at"], tz)}
    user = notice.user
    context = {"conference": conference, "release": release, "changes": changes, "user": user}
    with translation.override(user.locale or settings.LANGUAGE_CODE), timezone.override(tz):
        subject = render_subject("schedule/email/change_notice_subject.txt", context)
        body = render_to_string("schedule/email/change_notice.txt", context)
    mail_queue_and_send(
        [
            {
                "key": f"schedule.change_notice:{notice.pk}",
                "kind": "schedule.change_notice",
                "to": user.email,
                "subject": subject,
                "body": body,
                "conference_slug": conference.slug,
            }
        ]
    )


def _aware(value: str, tz) -> dt.datetime:
    return dt.datetime.fromisoformat(value).astimezone(tz)
