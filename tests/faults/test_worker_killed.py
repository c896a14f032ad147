"""A Celery worker killed mid-task (SIGKILL, for real) while it sends the decision e-mails: Redis
gives the unacknowledged task to the next worker (late acks, a visibility timeout), which sends
what was not sent, and no speaker gets a message twice. And a mail server down for a while: the
worker retries with backoff until it is back."""

import datetime as dt

import pytest
import redis
from django.urls import reverse
from django.utils import timezone

from cfp.tasks import send_submission_received
from common.mail import SENDING_STALE_AFTER, mail_send_due
from common.models import OutgoingMail
from common.queueing import enqueue
from review.models import Notification, NotificationBatch, PassCode
from review.services.notifications import notifications_prepare
from tests.events.support import wait_until
from tests.events.test_celery_worker import celery_broker  # noqa: F401  (fixture)
from tests.factories import EmailAddressFactory
from tests.factories.cfp import SubmissionFactory
from tests.faults.workers import REDIS_URL, Worker, needs_worker_services

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
Status = Notification.Status


@pytest.fixture
def workers(celery_broker, smtp_server):  # noqa: F811
    """`workers()`: a new worker process on this test's queue, sending to the test's SMTP server."""
    needs_worker_services()
    queue = celery_broker(REDIS_URL)
    started: list[Worker] = []

    def start() -> Worker:
        env = {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_server.port),
            "EMAIL_TIMEOUT": "10",
        }
        started.append(Worker(queue, env).start())
        return started[-1]

    yield start
    for worker in started:
        worker.stop()


def statuses() -> list[str]:
    return sorted(Notification.objects.values_list("status", flat=True))


def test_a_worker_killed_mid_batch_leaves_the_batch_to_the_next_worker_and_no_one_is_mailed_twice(
    workers, smtp_server, decided_speakers, conference, organiser, client_for
):
    notifications_prepare(conference=conference, by=organiser)
    codes = sorted(PassCode.objects.values_list("code", flat=True))
    smtp_server.hold_message_number = 2  # the worker is in the middle of the second message
    first = workers()

    client_for(organiser).post(reverse("review-manage:send", args=[conference.slug]), {"confirmed": "yes"})
    assert smtp_server.holding.wait(60), first.stop()
    first.kill()

    assert smtp_server.dropped_while_held.wait(5)  # the second message was never accepted
    assert statuses() == [Status.QUEUED, Status.QUEUED, Status.SENDING, Status.SENT]
    assert len(smtp_server.received) == 1

    second = workers()

    def all_sent() -> bool:
        """the next worker sent the rest of the batch"""
        assert second.alive(), second.stop()
        return statuses() == [Status.SENT] * 4

    wait_until(all_sent, timeout=40)
    log = second.stop()
    assert "Task review.send_notification_batch[" in log
    assert smtp_server.recipients() == sorted(speaker.email for speaker in decided_speakers)
    ids = Notification.objects.values_list("pk", flat=True)
    assert smtp_server.message_ids() == sorted(f"<review-notification.{pk}@127.0.0.1>" for pk in ids)
    assert NotificationBatch.objects.get().finished_at is not None
    assert sorted(PassCode.objects.values_list("code", flat=True)) == codes  # no code issued twice


def test_the_worker_retries_while_the_mail_server_says_try_later_then_sends_each_message_once(
    workers, smtp_server, decided_speakers, conference, organiser, client_for
):
    notifications_prepare(conference=conference, by=organiser)
    smtp_server.greeting_code = 421
    worker = workers()

    client_for(organiser).post(reverse("review-manage:send", args=[conference.slug]), {"confirmed": "yes"})

    def retried() -> bool:
        """the worker tried the mail server again"""
        assert worker.alive(), worker.stop()
        return smtp_server.connections >= 2

    wait_until(retried, timeout=60)
    assert statuses() == [Status.QUEUED] * 4
    assert all("421" in error for error in Notification.objects.values_list("error", flat=True))
    smtp_server.greeting_code = 220

    def all_sent() -> bool:
        """the worker's next retry sent the batch"""
        assert worker.alive(), worker.stop()
        return statuses() == [Status.SENT] * 4

    wait_until(all_sent, timeout=60)
    assert "retry: Retry in" in worker.stop()
    assert smtp_server.recipients() == sorted(speaker.email for speaker in decided_speakers)


def test_a_worker_killed_while_it_sends_a_submission_mail_leaves_one_row_the_sweep_sends_once(
    workers, smtp_server, conference
):
    speaker = EmailAddressFactory(user__email="killed@summit.test").user
    submission = SubmissionFactory(conference=conference, speakers=[speaker], state="submitted")
    smtp_server.hold_message_number = 1
    first = workers()

    enqueue(send_submission_received, submission.code)  # as the submission service does after commit
    assert smtp_server.holding.wait(60), first.stop()
    first.kill()

    assert smtp_server.dropped_while_held.wait(5)  # the server never accepted it
    mail = OutgoingMail.objects.get()
    assert (mail.status, mail.sent_at) == ("sending", None)

    # The broker gives the unacknowledged task to the next worker: it composes the mail again, finds
    # the row the dead one claimed, and adds none.
    second = workers()
    broker = redis.Redis.from_url(REDIS_URL)

    def redelivered_and_done() -> bool:
        """the next worker ran the task again and acknowledged it"""
        assert second.alive(), second.stop()
        return broker.hlen("unacked") == 0

    wait_until(redelivered_and_done, timeout=40)
    assert "Task cfp.send_submission_received[" in second.stop()
    assert OutgoingMail.objects.count() == 1
    assert smtp_server.received == []

    # Beat's sweep, once the dead try is stale, sends it: once, with the Message-ID it was written with.
    assert mail_send_due(now=timezone.now() + SENDING_STALE_AFTER + dt.timedelta(minutes=1)) == 1
    assert mail_send_due(now=timezone.now() + 2 * SENDING_STALE_AFTER) == 0
    assert smtp_server.message_ids() == [mail.message_id]
    assert OutgoingMail.objects.get().status == "sent"
