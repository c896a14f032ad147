"""The fault matrix: the scripted journey (journey.py) runs while one part is broken for real, its
pages answer, and once the part is back nothing it did is lost: rows, events, e-mails.

| fault | injected by | during the journey | after recovery |
|---|---|---|---|
| none | — | every step answers as EXPECTED | rows written, e-mails sent, events relayed |
| Kafka down | stopping the broker process | every step answers as EXPECTED | every event on Kafka, once |
| SMTP down | a dead port | every step answers; e-mails "queued, not sent" | every e-mail sent, once |
| SMTP down, other mails | a dead port | booking, submission answer; "not sent yet" | each sent once |
| worker killed | SIGKILL mid-batch (PostgreSQL) | every step answers | the next worker sends the rest, once |
| worker killed, other mails | SIGKILL mid-send | — | one row, sent once by the sweep |

Redis down and a PostgreSQL connection kill are in test_redis_and_postgres.py; the other mails'
rows in test_outgoing_mail.py and test_worker_killed.py.
"""

import time
from dataclasses import replace
from io import StringIO

import pytest
from django.core.management import call_command

from events import kafka, relay
from events.cursor import unpublished_events
from events.models import OutboxEvent
from review.models import Notification
from tests.events.conftest import kafka_settings  # noqa: F401,F811  (fixture)
from tests.events.support import Broker, free_port, read_all, wait_until
from tests.events.test_celery_worker import celery_broker  # noqa: F401  (fixture)
from tests.faults import journey
from tests.faults.workers import REDIS_URL, Worker, needs_worker_services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stage(conference):
    return journey.stage(conference)


def sent_to(stage) -> list[str]:
    return sorted(
        Notification.objects.filter(conference=stage.conference, status="sent").values_list(
            "recipient__email", flat=True
        )
    )


def test_journey_with_nothing_broken(stage, client_for, smtp_server):
    outcome = journey.walk(stage, client_for)

    assert outcome.answers == journey.EXPECTED
    journey.nothing_lost(stage, outcome)
    assert sent_to(stage) == stage.mailed
    # The booking's invitation to the speaker and the mentor, and the two decision e-mails.
    assert smtp_server.recipients() == sorted([*stage.mailed, stage.speaker.email, stage.slot.mentor.email])


def test_journey_with_the_mail_server_down(stage, client_for, dead_smtp):
    outcome = journey.walk(stage, client_for)

    assert outcome.answers == journey.EXPECTED
    journey.nothing_lost(stage, outcome)
    assert sent_to(stage) == []
    assert Notification.objects.filter(status="queued").count() == len(stage.mailed)

    server = dead_smtp.revive()
    again = journey.walk(stage, client_for, label="again")

    assert again.answers == journey.EXPECTED | {"speaker books an office hour (API)": 400}  # the slot is taken
    assert sent_to(stage) == stage.mailed
    assert sorted(m.message_id for m in server.received if m.recipients[0] in stage.mailed) == sorted(
        f"<review-notification.{pk}@127.0.0.1>" for pk in Notification.objects.values_list("pk", flat=True)
    )


@pytest.fixture
def own_broker(tmp_path, kafka_settings):  # noqa: F811
    """A Kafka-wire broker of this test's own (noida-db), with the test's topics, that it may stop."""
    broker = Broker(free_port(), tmp_path / "noida-db")
    broker.start()
    kafka_settings.KAFKA_BOOTSTRAP_SERVERS = broker.bootstrap
    kafka.create_topics()
    yield broker
    broker.stop()


@pytest.mark.kafka
def test_journey_with_kafka_down(own_broker, client_for, conference, smtp_server):
    # The stage's own events reach Kafka while it is up.
    stage = journey.stage(conference)
    relay.relay_pending()
    assert unpublished_events().count() == 0
    own_broker.stop()

    started = time.monotonic()
    outcomes = [journey.walk(stage, client_for, label=f"burst {n}") for n in range(3)]
    elapsed = time.monotonic() - started

    booked_once = journey.EXPECTED | {"speaker books an office hour (API)": 400}
    assert [o.answers for o in outcomes] == [journey.EXPECTED, booked_once, booked_once]
    # The first commit after the stop may wait for the broker's timeouts (2–3 s) before the relay
    # calls it unreachable; the rest of the burst does not wait on it.
    assert elapsed < 15
    # The last walk's title, the first walk's booking (the later ones found the slot taken).
    journey.nothing_lost(stage, replace(outcomes[-1], booking_code=outcomes[0].booking_code))
    waiting = unpublished_events().count()
    assert waiting >= 3  # each draft save is an event, at least
    status = StringIO()
    call_command("events", "status", stdout=status)
    assert f"Unpublished: {waiting} (oldest" in status.getvalue()
    assert "unreachable" in status.getvalue()

    own_broker.start()
    result = relay.relay_pending()

    assert (result.published, result.failed) == (waiting, 0)
    received = sorted(m.headers["ce_id"] for m in read_all())
    assert received == sorted(str(e) for e in OutboxEvent.objects.values_list("event_id", flat=True))
    assert len(set(received)) == len(received)  # none twice


@pytest.mark.postgres
def test_journey_with_the_worker_killed_mid_batch(stage, client_for, smtp_server, celery_broker):  # noqa: F811
    needs_worker_services()
    env = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
    }
    queue = celery_broker(REDIS_URL)
    # The worker takes the tasks in order: the booking's invitation (speaker, mentor), then the
    # decision e-mails; it is killed in the middle of the second of those.
    smtp_server.hold_message_number = 4
    first = Worker(queue, env).start()
    try:
        outcome = journey.walk(stage, client_for)
        assert smtp_server.holding.wait(60), first.stop()
        first.kill()
    finally:
        first.stop()

    assert outcome.answers == journey.EXPECTED
    journey.nothing_lost(stage, outcome)
    assert smtp_server.dropped_while_held.wait(5)
    second = Worker(queue, env).start()
    try:

        def all_sent() -> bool:
            """the next worker sent the rest"""
            assert second.alive(), second.stop()
            return sent_to(stage) == stage.mailed

        wait_until(all_sent, timeout=60)
    finally:
        second.stop()
    assert smtp_server.recipients() == sorted([*stage.mailed, stage.speaker.email, stage.slot.mentor.email])
