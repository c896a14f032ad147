"""SMTP down for the e-mails other than the decisions (common.mail): a speaker books an office hour
and submits a proposal while the mail server's port is dead; the requests answer, the e-mails are
rows "not sent yet" in the organisers' listing, and once the server is back the sweep delivers each
exactly once, with the Message-ID it was written with. Real requests, a real SMTP server on
loopback, Celery eager (the sweep is called as beat would)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from cfp.models import Submission
from common.mail import mail_send_due
from common.models import OutgoingMail
from common.tasks import send_queued_mail
from office_hours.models import Booking
from tests.factories import ApiTokenFactory
from tests.faults import journey

pytestmark = pytest.mark.django_db(transaction=True)
LATER = dt.timedelta(hours=2)


def book_and_submit(stage, client_for) -> tuple[int, int]:
    api = APIClient(raise_request_exception=False)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {ApiTokenFactory(user=stage.speaker).secret}")
    bookings = reverse("office-hours-booking-list", kwargs={"conference_slug": stage.conference.slug})
    booked = api.post(bookings, {"slot": stage.slot.code, "note": "Help with my abstract."}, format="json")
    speaker = client_for(stage.speaker)
    submitted = speaker.post(
        reverse("cfp:submission", args=[stage.draft_code]), stage.draft_form | {"action": "submit"}
    )
    return booked.status_code, submitted.status_code


def mails() -> list[tuple[str, str, str]]:
    return list(OutgoingMail.objects.order_by("kind", "to").values_list("kind", "to", "status"))


def test_mails_written_while_the_mail_server_is_down_are_sent_once_when_it_is_back(conference, client_for, dead_smtp):
    stage = journey.stage(conference)

    assert book_and_submit(stage, client_for) == (201, 302)

    speaker, mentor = stage.speaker.email, stage.slot.mentor.email
    expected = [
        ("cfp.submission_received", speaker),
        ("office_hours.booking_confirmed", mentor),
        ("office_hours.booking_confirmed", speaker),
        # The schedule's release, published while setting the stage, told the talk's speaker too.
        ("schedule.talk_added", Submission.objects.get(code=stage.talk_code).speakers.get().email),
    ]
    assert [(kind, to) for kind, to, _status in mails()] == sorted(expected)
    assert {status for _kind, _to, status in mails()} == {"queued"}
    assert OutgoingMail.objects.filter(sent_at__isnull=False).count() == 0
    assert all(OutgoingMail.objects.values_list("error", flat=True))  # why each is still queued

    listing = client_for(stage.organiser).get(reverse("conference:outgoing-mail", args=[conference.slug]))
    page = listing.content.decode()
    assert listing.status_code == 200
    assert page.count("Not sent yet, failing") == 4
    assert "not sent yet, retrying: 4" in page

    # Beat's sweep while the server is still down: nothing is marked sent, the tries are counted.
    assert send_queued_mail() == 0  # not due yet: the first retry waits a minute
    assert mail_send_due(now=timezone.now() + LATER) == 0
    assert {status for _kind, _to, status in mails()} == {"queued"}

    server = dead_smtp.revive()
    assert mail_send_due(now=timezone.now() + 2 * LATER) == 4
    assert mail_send_due(now=timezone.now() + 3 * LATER) == 0  # a second sweep sends nothing again

    assert {status for _kind, _to, status in mails()} == {"sent"}
    assert sorted(received.message_id for received in server.received) == sorted(
        OutgoingMail.objects.values_list("message_id", flat=True)
    )
    assert len({received.message_id for received in server.received}) == 4
    calendars = [
        part.get_payload(decode=True).decode()
        for received in server.received
        for part in received.message.walk()
        if part.get_content_type() == "text/calendar"
    ]
    assert len(calendars) == 2
    booking = Booking.objects.get(slot=stage.slot)
    assert all(f"UID:office-hours-{booking.code}@summit" in calendar for calendar in calendars)
    assert all(f"SEQUENCE:{booking.sequence}" in calendar for calendar in calendars)
