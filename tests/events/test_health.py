"""`events status` reports a failing broker within seconds, and the relay records it as quickly."""

import time
from io import StringIO

import pytest
from django.core.management import call_command

from conference import services
from events import kafka, relay
from events.selectors import relay_cursor
from tests.events.support import Broker, create_conference, free_port
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Bounds on behaviour, not benchmarks: a probe waits KAFKA_HEALTH_TIMEOUT_SECONDS (2 s) at most.
WITHIN_SECONDS = 10


def status() -> str:
    out = StringIO()
    call_command("events", "status", stdout=out)
    return out.getvalue()


def timed(action):
    started = time.monotonic()
    outcome = action()
    return outcome, time.monotonic() - started


@pytest.fixture
def own_broker(tmp_path, kafka_settings):
    """A broker of this test's own, so stopping it disturbs no other test."""
    broker = Broker(free_port(), tmp_path / "noida-db")
    broker.start()
    kafka_settings.KAFKA_BOOTSTRAP_SERVERS = broker.bootstrap
    yield broker
    broker.stop()


@pytest.mark.kafka
def test_status_reports_a_stopped_broker_at_once_and_clears_after_the_first_good_run(own_broker, kafka_settings):
    # Far beyond the bound below: the relay must notice the outage without waiting for a delivery.
    kafka_settings.KAFKA_DELIVERY_TIMEOUT_MS = 60_000
    founder = UserFactory()
    conference = create_conference(by=founder)
    healthy = status()
    assert "Broker: reachable (1 broker, answered in" in healthy
    assert "Failing: none" in healthy

    own_broker.stop()
    output, seconds = timed(status)

    assert seconds < WITHIN_SECONDS
    assert "Broker: failing, no answer within" in output
    assert "Connection refused" in output
    assert "Failing: none" in output  # no relay has run since: the broker line is what tells

    # A commit's relay asks the broker before sending (librdkafka reported the dropped connection)
    # and records the failure, instead of holding its events for the 60 s delivery timeout.
    _, seconds = timed(lambda: services.conference_update(conference=conference, by=founder, venue="Hall 1"))
    assert seconds < WITHIN_SECONDS
    cursor = relay_cursor()
    assert (cursor.blocked_event_id, cursor.failed_runs) == (None, 1)
    assert cursor.failing_since is not None
    output = status()
    since = cursor.failing_since.isoformat(timespec="seconds")
    assert f"Failing since {since} (1 failed runs): {cursor.last_error}" in output
    assert "the broker is unreachable: Failed to get metadata" in output

    result, seconds = timed(relay.relay_pending)  # a retry or the sweep, outside any request
    assert (result.skipped, relay_cursor().failed_runs) == (relay.UNREACHABLE, 2)
    assert relay_cursor().failing_since == cursor.failing_since  # since the first failure in a row
    assert seconds < WITHIN_SECONDS

    own_broker.start()
    assert relay.relay_pending().published == 1

    output = status()
    assert "Broker: reachable" in output
    assert "Failing: none" in output
    cursor = relay_cursor()
    assert (cursor.failing_since, cursor.failed_runs, cursor.last_error) == (None, 0, "")


def test_status_on_a_port_nothing_listens_on_says_so_without_a_traceback(kafka_settings):
    kafka_settings.KAFKA_BOOTSTRAP_SERVERS = f"127.0.0.1:{free_port()}"
    kafka_settings.KAFKA_HEALTH_TIMEOUT_SECONDS = 1.0

    output, seconds = timed(status)

    assert seconds < WITHIN_SECONDS
    failing = next(line for line in output.splitlines() if line.startswith("Broker:"))
    assert failing.startswith("Broker: failing, no answer within 1.0s: Failed to get metadata")
    assert f"Connect to ipv4#{kafka_settings.KAFKA_BOOTSTRAP_SERVERS} failed: Connection refused" in failing
    assert "Traceback" not in output
    assert "Failing: none" in output


def test_relay_against_a_dead_port_records_the_failure_where_status_shows_it(kafka_settings):
    kafka_settings.KAFKA_BOOTSTRAP_SERVERS = f"127.0.0.1:{free_port()}"
    kafka_settings.KAFKA_HEALTH_TIMEOUT_SECONDS = 1.0
    kafka.discard_publisher()

    result, seconds = timed(relay.relay_pending)

    assert result.skipped == relay.UNREACHABLE
    assert seconds < WITHIN_SECONDS
    output = status()
    assert "Failing since " in output
    assert " (1 failed runs): " in output
    assert "UTC: the broker is unreachable: Failed to get metadata: Local: Broker transport failure" in output
    assert "Connection refused" in output


def test_status_with_settings_librdkafka_refuses_reports_them(kafka_settings):
    kafka_settings.KAFKA_BOOTSTRAP_SERVERS = f"127.0.0.1:{free_port()}"
    kafka_settings.KAFKA_SECURITY_PROTOCOL = "CARRIER_PIGEON"

    output = status()

    assert "Broker: failing" in output
    assert "security.protocol" in output
