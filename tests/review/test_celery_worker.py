"""Bulk speaker e-mails on the production path: the request commits and queues one task in Redis;
a real Celery worker process sends the 600 messages while the page polls the batch's progress."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

from review.models import Notification, NotificationBatch
from review.services.notifications import notifications_prepare
from tests.events.support import wait_until
from tests.events.test_celery_worker import REDIS_URL, ROOT, database_url, stop
from tests.factories import EmailAddressFactory
from tests.factories.cfp import SubmissionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mail_worker(celery_queue):
    env = os.environ | {
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_URL,
        "KAFKA_BOOTSTRAP_SERVERS": "",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_SETTINGS_MODULE": "summit.settings.base",
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "summit",
        "worker",
        "--pool=solo",
        "-Q",
        celery_queue,
        "--loglevel=INFO",
        "--without-gossip",
        "--without-mingle",
    ]
    worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    yield worker
    stop(worker)


def test_600_speakers_are_mailed_by_a_worker(mail_worker, client_for, conference, catalogue, organiser):
    for _ in range(600):
        SubmissionFactory(conference=conference, speakers=[EmailAddressFactory().user], state="rejected", **catalogue)
    notifications_prepare(conference=conference, by=organiser)
    client = client_for(organiser)

    response = client.post(reverse("review-manage:send", args=[conference.slug]), {"confirmed": "yes"})

    batch = NotificationBatch.objects.get()
    assert response["Location"] == reverse("review-manage:batch", args=[conference.slug, batch.pk])

    def all_sent() -> bool:
        """the worker sent the batch"""
        assert mail_worker.poll() is None, "the Celery worker exited"
        return Notification.objects.filter(batch=batch, status="sent").count() == 600

    wait_until(all_sent, timeout=180)
    progress = client.get(response["Location"], HTTP_HX_REQUEST="true")
    assert "600 of 600 sent" in progress.content.decode()
    assert "Task review.send_notification_batch[" in stop(mail_worker)
