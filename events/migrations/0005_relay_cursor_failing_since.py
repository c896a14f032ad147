"""When the relay's current run of failures began, for `events status` (see RelayCursor)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_relay_cursor"),
    ]

    operations = [
        migrations.AddField(
            model_name="relaycursor",
            name="failing_since",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
