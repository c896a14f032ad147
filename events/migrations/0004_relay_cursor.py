"""The relay moves a cursor instead of writing to each outbox row (see events/cursor.py).

Where the old bookkeeping (OutboxPending, published_at) said an event was published, the cursor
starts past it; events still pending are published after the upgrade.
"""

import django.db.models.deletion
from django.db import migrations, models

CURSOR = "outbox"


def add_transaction_ids(apps, schema_editor):
    """PostgreSQL: each row records the transaction that wrote it, filled in by the database.

    Rows published before this migration get transaction id 1, older than any snapshot, so the
    cursor counts them as published; pending rows get this migration's own transaction id, which
    the cursor's first snapshot lists as not yet done.
    """
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute("ALTER TABLE events_outboxevent ADD COLUMN txid xid8")
    execute(
        "UPDATE events_outboxevent SET txid = CASE WHEN published_at IS NULL"
        " THEN pg_current_xact_id() ELSE '1'::xid8 END"
    )
    execute("ALTER TABLE events_outboxevent ALTER COLUMN txid SET DEFAULT pg_current_xact_id()")
    execute("ALTER TABLE events_outboxevent ALTER COLUMN txid SET NOT NULL")
    execute("CREATE INDEX outbox_txid_idx ON events_outboxevent (txid, id)")
    # Rows are never updated now: pages can be full again (0003 kept half of each free).
    execute("ALTER TABLE events_outboxevent RESET (fillfactor)")
    # This transaction and every one running now are not done; everything older is.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_snapshot()::text, pg_current_xact_id()::text")
        snapshot, own = cursor.fetchone()
    xmin, xmax, running = snapshot.split(":")
    running_ids = sorted({int(xid) for xid in running.split(",") if xid} | {int(own)})
    done = f"{min(int(xmin), running_ids[0])}:{max(int(xmax), running_ids[-1] + 1)}:{','.join(map(str, running_ids))}"
    execute(
        "INSERT INTO events_relaycursor (name, done_snapshot, window_snapshot, window_last_id, position,"
        " failed_runs, last_error) VALUES (%s, %s, '', 0, 0, 0, '')",
        [CURSOR, done],
    )


def start_sqlite_cursor(apps, schema_editor):
    """SQLite: the cursor stands before the oldest pending event (later published ones go again)."""
    if schema_editor.connection.vendor == "postgresql":
        return
    OutboxEvent = apps.get_model("events", "OutboxEvent")
    RelayCursor = apps.get_model("events", "RelayCursor")
    oldest_pending = OutboxEvent.objects.filter(published_at__isnull=True).order_by("id").first()
    newest = OutboxEvent.objects.order_by("-id").first()
    position = oldest_pending.pk - 1 if oldest_pending else (newest.pk if newest else 0)
    RelayCursor.objects.create(name=CURSOR, position=position)


def drop_transaction_ids(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE events_outboxevent DROP COLUMN txid")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_outbox_pending"),
    ]

    operations = [
        migrations.CreateModel(
            name="RelayCursor",
            fields=[
                ("name", models.CharField(max_length=50, primary_key=True, serialize=False)),
                ("done_snapshot", models.TextField(blank=True)),
                ("window_snapshot", models.TextField(blank=True)),
                ("window_last_id", models.BigIntegerField(default=0)),
                ("position", models.BigIntegerField(default=0)),
                ("advanced_at", models.DateTimeField(blank=True, null=True)),
                ("blocked_event_id", models.BigIntegerField(blank=True, null=True)),
                ("failed_runs", models.PositiveIntegerField(default=0)),
                ("last_error", models.TextField(blank=True)),
            ],
        ),
        migrations.CreateModel(
            name="ParkedEvent",
            fields=[
                (
                    "event",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="parked",
                        serialize=False,
                        to="events.outboxevent",
                    ),
                ),
                ("subject", models.CharField(db_index=True, max_length=200)),
                ("error", models.TextField()),
                ("parked_at", models.DateTimeField()),
            ],
            options={"ordering": ["event_id"]},
        ),
        migrations.RunPython(add_transaction_ids, drop_transaction_ids),
        migrations.RunPython(start_sqlite_cursor, migrations.RunPython.noop),
        migrations.DeleteModel(name="OutboxPending"),
        migrations.RemoveField(model_name="outboxevent", name="published_at"),
        migrations.RemoveField(model_name="outboxevent", name="attempts"),
        migrations.RemoveField(model_name="outboxevent", name="last_error"),
    ]
