"""Upgrading to the relay cursor keeps what was published published and what was pending waiting."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from events.cursor import published_events, unpublished_events

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("events", "0003_outbox_pending")]
# Through 0004 (the cursor) to the latest, as the cursor is read with today's model.
AFTER = [("events", "0005_relay_cursor_failing_since")]


@pytest.fixture(autouse=True)
def _every_app_migrated_afterwards():
    """Going back unapplies the migrations of other apps that depend on the target (webhooks on
    events, say); going forward to the target alone would leave them out for the next tests."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_upgrade_starts_the_cursor_past_published_events_and_before_pending_ones():
    old = migrate(BEFORE)
    Outbox, Pending = old.get_model("events", "OutboxEvent"), old.get_model("events", "OutboxPending")
    fields = {
        "source": "/summit",
        "type": "summit.accounts.user.registered.v1",
        "time": timezone.now(),
        "data": {"user_id": 1, "locale": "en"},
        "topic": "summit.accounts",
    }
    first = Outbox.objects.create(subject="user/1", published_at=timezone.now(), **fields)
    pending = Outbox.objects.create(subject="user/2", **fields)
    Pending.objects.create(event=pending, subject="user/2")
    later = Outbox.objects.create(subject="user/3", published_at=timezone.now(), **fields)

    migrate(AFTER)

    published = list(published_events().order_by("id").values_list("pk", flat=True))
    waiting = list(unpublished_events().order_by("id").values_list("pk", flat=True))
    if connection.vendor == "postgresql":
        assert (published, waiting) == ([first.pk, later.pk], [pending.pk])
    else:  # SQLite's cursor is one id: what follows the oldest pending event is sent again (at least once)
        assert (published, waiting) == ([first.pk], [pending.pk, later.pk])
