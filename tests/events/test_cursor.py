"""The relay's cursor: every committed event is published once, whatever order transactions commit in."""

import uuid

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from events import relay
from events.cursor import unpublished_events
from events.services import emit

pytestmark = [pytest.mark.kafka, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("transaction snapshots and row locks are PostgreSQL's; SQLite runs one writer at a time")


@pytest.fixture
def other_connection():
    """A second connection to the test database, for a transaction left open beside the relay."""
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    other.set_autocommit(False)
    yield other
    other.rollback()
    other.close()


def write_open(other, subject: str, topic: str) -> None:
    """An event written in the other connection's transaction, not committed."""
    with other.cursor() as cursor:
        cursor.execute(
            "INSERT INTO events_outboxevent"
            " (event_id, source, type, subject, time, datacontenttype, data, actor, topic)"
            " VALUES (%s, '/summit', 'summit.accounts.user.registered.v1', %s, %s, 'application/json',"
            ' \'{"user_id": 1, "locale": "en"}\', \'\', %s)',
            [uuid.uuid4(), subject, timezone.now(), topic],
        )


def test_an_event_whose_transaction_commits_late_is_published_once_it_commits(
    postgres, other_connection, kafka_topics, kafka_settings, kafka_messages
):
    topic = f"{kafka_settings.KAFKA_TOPIC_PREFIX}.accounts"
    write_open(other_connection, "user/1", topic)  # the lower id, still uncommitted
    with transaction.atomic():
        emit("summit.accounts.user.registered.v1", subject="user/2", data={"user_id": 2, "locale": "en"})

    assert [m.key for m in kafka_messages()] == ["user/2"]  # relayed on commit, past the open one

    other_connection.commit()
    result = relay.relay_pending()

    assert result.published == 1
    assert sorted(m.key for m in kafka_messages()) == ["user/1", "user/2"]
    assert unpublished_events().count() == 0


def test_a_second_relay_skips_while_another_holds_the_cursor(
    postgres, other_connection, kafka_topics, kafka_settings, kafka_messages
):
    relay.relay_pending()  # the cursor row exists from the first run on
    with other_connection.cursor() as cursor:
        cursor.execute("SELECT * FROM events_relaycursor WHERE name = 'outbox' FOR UPDATE")
    bootstrap, kafka_settings.KAFKA_BOOTSTRAP_SERVERS = kafka_settings.KAFKA_BOOTSTRAP_SERVERS, ""
    with transaction.atomic():
        emit("summit.accounts.user.registered.v1", subject="user/1", data={"user_id": 1, "locale": "en"})
    kafka_settings.KAFKA_BOOTSTRAP_SERVERS = bootstrap

    skipped = relay.relay_pending()
    other_connection.rollback()
    resumed = relay.relay_pending()

    assert (skipped.skipped, skipped.published) == (relay.ANOTHER_RELAY, 0)
    assert (resumed.skipped, resumed.published) == ("", 1)
    assert [m.key for m in kafka_messages()] == ["user/1"]


def test_the_relay_refuses_to_run_inside_a_transaction(postgres, kafka_topics):
    with pytest.raises(relay.RelayInTransaction), transaction.atomic():
        relay.relay_pending()
