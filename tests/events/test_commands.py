"""`manage.py events …` and the Kafka client settings."""

import datetime as dt
import json
import logging
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from events import catalogue, cloudevents, kafka, relay
from events.cursor import unpublished_events
from events.models import OutboxEvent, ParkedEvent, ProcessedEvent
from events.services import emit
from tests.events.support import publish_up_to


def write_event(subject: str = "user/1", **fields) -> OutboxEvent:
    return OutboxEvent.objects.create(
        **{
            "source": "/summit",
            "type": "summit.accounts.user.registered.v1",
            "subject": subject,
            "time": timezone.now(),
            "data": {"user_id": 1, "locale": "en"},
            "topic": "summit.accounts",
        }
        | fields
    )


def run(*args: str) -> str:
    out = StringIO()
    call_command("events", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_status_reports_lag_failures_parked_events_and_topics_without_kafka(settings):
    settings.KAFKA_BOOTSTRAP_SERVERS = ""
    write_event(subject="user/1")
    too_large = write_event(subject="user/2")
    blocked = write_event(subject="user/3", time=timezone.now() - dt.timedelta(minutes=5))
    write_event(subject="user/4")
    ParkedEvent.objects.create(
        event=too_large, subject="user/2", error="Broker: Message size too large", parked_at=timezone.now()
    )
    publish_up_to(
        too_large.pk,
        blocked_event_id=blocked.pk,
        failed_runs=3,
        last_error="2030-01-01 10:00:00 UTC: Local: Message timed out",
    )

    output = run("status")

    assert "not configured" in output
    assert "Unpublished: 3 (oldest 5m0" in output
    assert (
        f"Failing: stopped before #{blocked.pk} summit.accounts.user.registered.v1 user/3 after 3 failed runs:"
        " 2030-01-01 10:00:00 UTC: Local: Message timed out"
    ) in output
    assert "Parked (refused by Kafka, see `events unpark`): 1" in output
    assert f"  #{too_large.pk} summit.accounts.user.registered.v1 user/2: Broker: Message size too large" in output
    assert [line.split()[:3] for line in output.splitlines() if line.startswith("summit.accounts")] == [
        ["summit.accounts", "1", "3"]
    ]


@pytest.mark.django_db
def test_status_of_an_outbox_no_relay_has_run_on_counts_everything_unpublished(settings):
    settings.KAFKA_BOOTSTRAP_SERVERS = ""
    write_event()

    output = run("status")

    assert "Unpublished: 1 (oldest 0m0" in output
    assert "Relay last moved on: never" in output
    assert "Failing: none" in output


@pytest.mark.django_db(transaction=True)
def test_relay_without_kafka_leaves_events_in_the_outbox_and_warns_once(settings, caplog, monkeypatch):
    settings.KAFKA_BOOTSTRAP_SERVERS = ""
    monkeypatch.setattr(relay, "_warned_unconfigured", False)

    with caplog.at_level(logging.WARNING, logger="events.relay"):
        for number in (1, 2):
            with transaction.atomic():
                emit(
                    "summit.accounts.user.registered.v1",
                    subject=f"user/{number}",
                    data={"user_id": number, "locale": "en"},
                )

    assert unpublished_events().count() == 2
    assert caplog.text.count("KAFKA_BOOTSTRAP_SERVERS is empty") == 1


@pytest.mark.django_db
def test_prune_deletes_only_published_rows_past_retention(settings):
    settings.EVENTS_RETENTION_DAYS = 30
    old = timezone.now() - dt.timedelta(days=31)
    write_event(subject="user/1", time=old)
    kept_recent = write_event(subject="user/2", time=timezone.now() - dt.timedelta(days=29))
    kept_parked = write_event(subject="user/3", time=old)
    kept_unpublished = write_event(subject="user/4", time=old)
    ParkedEvent.objects.create(event=kept_parked, subject="user/3", error="too large", parked_at=old)
    publish_up_to(kept_parked.pk)

    output = run("prune")

    assert output.strip() == "Deleted 1 published events and 0 applied event ids."
    assert set(OutboxEvent.objects.values_list("pk", flat=True)) == {
        kept_recent.pk,
        kept_parked.pk,
        kept_unpublished.pk,
    }


@pytest.mark.django_db
def test_prune_forgets_applied_event_ids_past_retention(settings):
    settings.EVENTS_RETENTION_DAYS = 30
    old = ProcessedEvent.objects.create(consumer="stats", source="/summit/a", event_id="old")
    ProcessedEvent.objects.filter(pk=old.pk).update(processed_at=timezone.now() - dt.timedelta(days=31))
    recent = ProcessedEvent.objects.create(consumer="stats", source="/summit/a", event_id="recent")

    output = run("prune")

    assert output.strip() == "Deleted 0 published events and 1 applied event ids."
    assert list(ProcessedEvent.objects.values_list("pk", flat=True)) == [recent.pk]


def test_docs_check_passes_on_the_committed_catalogue():
    assert "is up to date" in run("docs", "--check")


def test_docs_check_fails_on_a_stale_catalogue(tmp_path, monkeypatch):
    stale = tmp_path / "events.md"
    stale.write_text("# Event catalogue\n")
    monkeypatch.setattr(catalogue, "DOCS_PATH", stale)

    with pytest.raises(CommandError, match="stale"):
        run("docs", "--check")
    run("docs")

    assert "is up to date" in run("docs", "--check")


@pytest.mark.kafka
@pytest.mark.django_db
def test_init_topics_creates_each_domain_topic_once(kafka_broker, kafka_settings):
    kafka_settings.KAFKA_BOOTSTRAP_SERVERS = kafka_broker.bootstrap

    first = run("init-topics", "--partitions", "2")
    second = run("init-topics")

    prefix = kafka_settings.KAFKA_TOPIC_PREFIX
    assert f"{prefix}.cfp: created" in first
    assert f"{prefix}.office_hours: created" in first
    assert second.count(": exists") == len(kafka.all_topics()) == first.count(": created")


@pytest.mark.kafka
@pytest.mark.django_db(transaction=True)
def test_tail_prints_cloudevents_as_json_lines(kafka_topics):
    with transaction.atomic():
        emit("summit.accounts.user.registered.v1", subject="user/7", data={"user_id": 7, "locale": "fr"})
    event = OutboxEvent.objects.get()

    output = run("tail", "--from-beginning", "--max", "1", "--timeout", "10")

    assert [json.loads(line) for line in output.splitlines()] == [event.as_cloudevent()]


def test_client_config_carries_sasl_and_ssl_settings(settings):
    settings.KAFKA_BOOTSTRAP_SERVERS = "kafka-1.example:9093"
    settings.KAFKA_SECURITY_PROTOCOL = "SASL_SSL"
    settings.KAFKA_SASL_MECHANISM = "SCRAM-SHA-512"
    settings.KAFKA_SASL_USERNAME = "summit"
    settings.KAFKA_SASL_PASSWORD = "secret"
    settings.KAFKA_SSL_CA_LOCATION = "/etc/ssl/kafka-ca.pem"

    config = kafka.producer_config()

    assert {key: config[key] for key in config if key.startswith(("security", "sasl", "ssl", "bootstrap"))} == {
        "bootstrap.servers": "kafka-1.example:9093",
        "security.protocol": "SASL_SSL",
        "sasl.mechanism": "SCRAM-SHA-512",
        "sasl.username": "summit",
        "sasl.password": "secret",
        "ssl.ca.location": "/etc/ssl/kafka-ca.pem",
    }
    assert (config["enable.idempotence"], config["acks"]) == (True, "all")
    assert kafka.consumer_config("stats")["enable.auto.commit"] is False


def test_client_config_for_plaintext_has_no_credentials(settings):
    settings.KAFKA_BOOTSTRAP_SERVERS = "127.0.0.1:9092"
    settings.KAFKA_SECURITY_PROTOCOL = "PLAINTEXT"
    settings.KAFKA_SASL_MECHANISM = settings.KAFKA_SASL_USERNAME = settings.KAFKA_SSL_CA_LOCATION = ""

    assert not [key for key in kafka.client_config() if key.startswith(("sasl", "ssl"))]


def test_structured_mode_messages_are_read_as_cloudevents():
    envelope = {"specversion": "1.0", "id": "1", "source": "/x", "type": "summit.x.y.z.v1", "data": {"a": 1}}

    read = cloudevents.from_message([("content-type", b"application/cloudevents+json")], json.dumps(envelope).encode())

    assert read == envelope


def test_a_message_without_cloudevents_headers_is_refused():
    with pytest.raises(cloudevents.NotACloudEvent):
        cloudevents.from_message([("content-type", b"application/json")], b"{}")
