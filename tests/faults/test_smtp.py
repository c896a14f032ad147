"""SMTP down: the decision e-mails stay queued, organisers see them as not sent yet, and nothing is
marked sent that the mail server did not accept. Against a real SMTP server on loopback and a
dead port; Celery runs eagerly here (the worker's retries are in test_worker_killed.py)."""

import pytest
from django.urls import reverse

from review.models import Notification, NotificationBatch
from review.services.notifications import MailServerUnavailable, batch_run, notification_deliver, notifications_prepare

pytestmark = pytest.mark.django_db

QUEUED, SENT, FAILED = Notification.Status.QUEUED, Notification.Status.SENT, Notification.Status.FAILED


def statuses() -> list[str]:
    return list(Notification.objects.order_by("pk").values_list("status", flat=True))


@pytest.fixture
def send(client_for, organiser, conference, django_capture_on_commit_callbacks):
    """The organiser presses "Send"; the batch task runs after the commit (eagerly, here)."""
    client = client_for(organiser)

    def press():
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client.post(reverse("review-manage:send", args=[conference.slug]), {"confirmed": "yes"})
        assert len(callbacks) == 1
        return response

    press.client = client
    return press


def test_send_with_the_mail_server_down_keeps_every_message_queued_for_the_organisers(
    dead_smtp, decided_speakers, conference, organiser, send
):
    notifications_prepare(conference=conference, by=organiser)

    response = send()

    assert response.status_code == 302
    assert statuses() == [QUEUED] * 4
    assert Notification.objects.filter(sent_at__isnull=False).count() == 0
    assert all("Connection refused" in error for error in Notification.objects.values_list("error", flat=True))
    outbox = send.client.get(reverse("review-manage:outbox", args=[conference.slug])).content.decode()
    assert "Queued: 4 · sent: 0 · failed: 0" in outbox
    assert outbox.count("Queued, not sent") == 4
    assert "Send the 4 queued messages" in outbox


def test_messages_queued_while_the_mail_server_was_down_are_sent_once_when_it_is_back(
    dead_smtp, decided_speakers, conference, organiser, send
):
    notifications_prepare(conference=conference, by=organiser)
    send()
    server = dead_smtp.revive()

    send()

    assert statuses() == [SENT] * 4
    assert server.recipients() == sorted(speaker.email for speaker in decided_speakers)
    ids = Notification.objects.values_list("pk", flat=True)
    assert server.message_ids() == sorted(f"<review-notification.{pk}@127.0.0.1>" for pk in ids)
    assert list(Notification.objects.values_list("error", flat=True)) == [""] * 4
    # The second press moved the four messages to a batch of its own, which sent them.
    assert NotificationBatch.objects.filter(notifications__isnull=False).distinct().count() == 1
    assert NotificationBatch.objects.count() == 2


def test_a_try_later_answer_mid_batch_marks_sent_only_what_the_server_accepted(
    smtp_server, decided_speakers, conference, organiser
):
    notifications_prepare(conference=conference, by=organiser)
    smtp_server.temporary_failures_after = 1
    batch = NotificationBatch.objects.create(conference=conference, total=4)
    Notification.objects.update(batch=batch)

    with pytest.raises(MailServerUnavailable, match="451"):
        batch_run(batch_id=batch.pk)

    assert sorted(statuses()) == [QUEUED, QUEUED, QUEUED, SENT]
    sent = Notification.objects.get(status=SENT)
    assert smtp_server.recipients() == [sent.recipient.email]
    assert "451" in Notification.objects.filter(status=QUEUED).order_by("pk").first().error
    assert NotificationBatch.objects.get().finished_at is None

    smtp_server.temporary_failures_after = None
    assert batch_run(batch_id=batch.pk) == 3
    assert statuses() == [SENT] * 4
    assert smtp_server.recipients() == sorted(speaker.email for speaker in decided_speakers)
    assert NotificationBatch.objects.get().finished_at is not None


def test_a_recipient_refused_for_good_fails_and_the_others_go(smtp_server, decided_speakers, conference, organiser):
    notifications_prepare(conference=conference, by=organiser)
    refused = decided_speakers[0].email
    smtp_server.refused_recipients = {refused}

    delivered = [notification_deliver(notification_id=pk) for pk in Notification.objects.values_list("pk", flat=True)]

    assert sorted(delivered) == [False, True, True, True]
    failed = Notification.objects.get(status=FAILED)
    assert failed.recipient.email == refused and "550" in failed.error and failed.sent_at is None
    assert smtp_server.recipients() == sorted(s.email for s in decided_speakers[1:])


def test_a_mail_server_answering_try_later_at_the_greeting_keeps_the_message_queued(
    smtp_server, decided_speakers, conference, organiser
):
    notifications_prepare(conference=conference, by=organiser)
    smtp_server.greeting_code = 421
    notification = Notification.objects.first()

    with pytest.raises(MailServerUnavailable):
        notification_deliver(notification_id=notification.pk)

    notification.refresh_from_db()
    assert (notification.status, notification.sent_at) == (QUEUED, None)
    assert "421" in notification.error
    assert smtp_server.received == []
