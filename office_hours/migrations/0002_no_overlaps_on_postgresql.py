"""PostgreSQL only: a mentor's open slots never overlap, nor a speaker's active bookings.

The booking service checks both under row locks (and that is what runs on SQLite); these exclusion
constraints make the database refuse an overlap whatever code writes it."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE office_hours_slot ADD CONSTRAINT oh_slot_mentor_no_overlap
       EXCLUDE USING gist (mentor_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (state = 'open')""",
    """ALTER TABLE office_hours_booking ADD CONSTRAINT oh_booking_speaker_no_overlap
       EXCLUDE USING gist (speaker_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status = 'active')""",
]
DROP = [
    "ALTER TABLE office_hours_booking DROP CONSTRAINT IF EXISTS oh_booking_speaker_no_overlap",
    "ALTER TABLE office_hours_slot DROP CONSTRAINT IF EXISTS oh_slot_mentor_no_overlap",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("office_hours", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
