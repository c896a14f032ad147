"""Reminders go out once however often beat runs; the chat webhook gets its messages from a real
HTTP server started here, and a failing webhook never blocks a booking."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.utils import timezone

from events.models import OutboxEvent
from office_hours import tasks
from office_hours.models import Booking
from office_hours.services.bookings import booking_claim_reminder
from tests.factories import BookingFactory, SlotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def soon(conference, mentor, speaker):
    """A booking starting in 30 minutes and one in 20 hours."""
    now = timezone.now()
    in_half_hour = SlotFactory(conference=conference, mentor=mentor, starts_at=now + dt.timedelta(minutes=30))
    tomorrow = SlotFactory(conference=conference, mentor=mentor, starts_at=now + dt.timedelta(hours=20))
    return BookingFactory(slot=in_half_hour, speaker=speaker), BookingFactory(slot=tomorrow, speaker=speaker)


def test_due_reminders_are_sent_once_when_beat_runs_twice(soon, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.send_due_reminders()
    with django_capture_on_commit_callbacks(execute=True):
        second = tasks.send_due_reminders()

    assert (first, second) == (2, 0)
    one_hour, one_day = soon
    assert Booking.objects.get(pk=one_hour.pk).reminder_1h_sent_at is not None
    assert Booking.objects.get(pk=one_day.pk).reminder_24h_sent_at is not None
    assert Booking.objects.get(pk=one_hour.pk).reminder_24h_sent_at is None
    assert len(mail.outbox) == 4  # speaker and mentor, for each booking
    assert sorted(
        OutboxEvent.objects.filter(type__endswith="reminder_sent.v1").values_list("data__reminder", flat=True)
    ) == ["1h", "24h"]


def test_claimed_reminder_is_not_claimed_again(soon):
    booking = soon[0]

    assert booking_claim_reminder(booking_id=booking.pk, which="1h") is True
    assert booking_claim_reminder(booking_id=booking.pk, which="1h") is False


def test_cancelled_booking_gets_no_reminder(soon):
    Booking.objects.filter(pk=soon[0].pk).update(status="cancelled")

    assert booking_claim_reminder(booking_id=soon[0].pk, which="1h") is False


class _Hook(BaseHTTPRequestHandler):
    received: list[dict] = []
    failures_left = 0

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if type(self).failures_left > 0:
            type(self).failures_left -= 1
            self.send_response(500)
        else:
            type(self).received.append(body)
            self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def webhook(oh_settings):
    """A real local HTTP server as the conference's incoming webhook."""
    _Hook.received = []
    _Hook.failures_left = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    oh_settings.webhook_url = f"http://127.0.0.1:{server.server_address[1]}/hook/secret"
    oh_settings.save()
    yield _Hook
    server.shutdown()
    server.server_close()


def test_webhook_hears_about_published_slots_and_bookings(webhook, publish, speaker, commit, book):
    slot = commit(publish)[0]
    book(slot, speaker)

    texts = [message["text"] for message in webhook.received]
    assert len(texts) == 2
    assert texts[0].startswith("Marie Mentor opened 1 office hours slot from")
    assert texts[1].startswith("New office hours booking with Marie Mentor")
    assert all(set(message) == {"text"} for message in webhook.received)


def test_webhook_is_retried_after_a_failure(webhook, slot, speaker, book):
    webhook.failures_left = 1

    book(slot, speaker)

    assert len(webhook.received) == 1


def test_failing_webhook_never_blocks_a_booking(oh_settings, slot, speaker, book):
    oh_settings.webhook_url = "http://127.0.0.1:9/unreachable"
    oh_settings.save()

    booking = book(slot, speaker)

    assert Booking.objects.get(pk=booking.pk).status == "active"


def test_webhook_url_never_appears_in_events(webhook, slot, speaker, book):
    book(slot, speaker)

    assert "secret" not in json.dumps(list(OutboxEvent.objects.values_list("data", flat=True)))
