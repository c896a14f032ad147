"""/metrics: Prometheus text with requests by view, the outbox, deferred tasks and task failures,
readable only with the bearer token or from an allowed network."""

import datetime as dt

import pytest
from celery.signals import task_success
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from common.models import DeferredTask, OutgoingMail
from events import kafka
from events.models import OutboxEvent
from events.tasks import relay_outbox
from summit.celery import app
from tests.events.support import create_conference, free_port
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TOKEN = "metrics-token-for-tests-0123456789"


@pytest.fixture
def token(settings):
    settings.METRICS_TOKEN = TOKEN
    return TOKEN


def scrape(client: Client | None = None, **headers) -> dict[tuple[str, tuple], float]:
    response = (client or Client()).get("/metrics", headers=headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def test_metrics_refused_without_token_or_network(token):
    response = Client().get("/metrics")

    assert response.status_code == 403
    assert response.content == b"Metrics need a valid bearer token or an allowed address.\n"


def test_metrics_refused_with_a_wrong_token(token):
    assert Client().get("/metrics", headers={"Authorization": "Bearer nope"}).status_code == 403


def test_metrics_off_when_nothing_is_configured():
    response = Client().get("/metrics", headers={"Authorization": "Bearer "})

    assert response.status_code == 403
    assert b"Metrics are off" in response.content


def test_metrics_allowed_from_a_listed_network(settings):
    settings.METRICS_ALLOWED_NETWORKS = ["10.1.0.0/16"]

    assert Client(REMOTE_ADDR="10.1.2.3").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="10.2.0.1").get("/metrics").status_code == 403


def test_metrics_count_requests_by_view_and_status(token, conference):
    client = Client()
    page = reverse("public:conference", args=[conference.slug])
    labels = (("method", "GET"), ("status", "200"), ("view", "public:conference"))
    before = scrape(client, Authorization=f"Bearer {token}").get(("summit_http_requests_total", labels), 0)

    client.get(page)
    client.get(page)
    client.get("/no-such-conference/")
    samples = scrape(client, Authorization=f"Bearer {token}")

    assert samples[("summit_http_requests_total", labels)] == before + 2
    assert (
        samples[("summit_http_requests_total", (("method", "GET"), ("status", "404"), ("view", "public:conference")))]
        >= 1
    )
    assert samples[("summit_http_request_duration_seconds_count", (("view", "public:conference"),))] >= 2


def test_metrics_report_outbox_and_deferred_tasks(token):
    create_conference(by=UserFactory())  # one event, not published (no Kafka here)
    OutboxEvent.objects.update(time=timezone.now() - dt.timedelta(minutes=5))
    DeferredTask.objects.create(task="cfp.send_submission_received", args=["ABC"])

    samples = scrape(Authorization=f"Bearer {token}")

    assert samples[("summit_outbox_pending_events", ())] == 1
    assert 299 <= samples[("summit_outbox_lag_seconds", ())] < 360
    assert samples[("summit_deferred_tasks", ())] == 1
    assert samples[("summit_outbox_parked_events", ())] == 0
    assert samples[("summit_relay_failed_runs", ())] == 0
    assert samples[("summit_cache_fallback", ())] == 0


def test_metrics_count_task_failures(token):
    @app.task(name="tests.health.always_fails")
    def always_fails():
        raise RuntimeError("boom")

    key = ("summit_celery_task_failures_total", (("task", "tests.health.always_fails"),))
    before = scrape(Authorization=f"Bearer {token}").get(key, 0)

    always_fails.apply()

    assert scrape(Authorization=f"Bearer {token}")[key] == before + 1


@pytest.mark.django_db(transaction=True)
def test_relay_runs_failing_on_a_dead_kafka_show_in_the_metrics(token, settings):
    settings.KAFKA_BOOTSTRAP_SERVERS = f"127.0.0.1:{free_port()}"
    settings.KAFKA_HEALTH_TIMEOUT_SECONDS = 0.5
    create_conference(by=UserFactory())
    try:
        relay_outbox.apply()
    finally:
        kafka.discard_publisher()

    samples = scrape(Authorization=f"Bearer {token}")

    assert samples[("summit_relay_failed_runs", ())] == 1
    assert samples[("summit_outbox_pending_events", ())] == 1


def test_relay_results_with_failed_deliveries_are_counted(token):
    key = ("summit_relay_failed_deliveries_total", ())
    before = scrape(Authorization=f"Bearer {token}")[key]

    task_success.send(sender=relay_outbox, result={"published": 2, "failed": 3, "parked": 0, "skipped": ""})

    assert scrape(Authorization=f"Bearer {token}")[key] == before + 3


def test_metrics_report_the_e_mails_not_sent_yet(token):
    for key, status in [("a", "queued"), ("b", "sending"), ("c", "failed")]:
        OutgoingMail.objects.create(
            key=key, kind="test", to="a@summit.test", subject="s", body="b", message_id=f"<{key}@t>", status=status
        )
    OutgoingMail.objects.filter(key="a").update(created_at=timezone.now() - dt.timedelta(minutes=10))

    samples = scrape(Authorization=f"Bearer {token}")

    assert samples[("summit_mail_waiting", ())] == 2
    assert 599 <= samples[("summit_mail_waiting_oldest_seconds", ())] < 660
