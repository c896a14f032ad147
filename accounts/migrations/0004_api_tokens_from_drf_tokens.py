"""Carries DRF's tokens (rest_framework.authtoken, plaintext keys) over to ApiToken rows, stored as
digests with full scope, so integrations set up before keep working with the same key; then drops
DRF's table, so no key is left in clear. Works by SQL on the table, since the app is gone from
INSTALLED_APPS: a database that never had it has nothing to carry over."""

import hashlib
from datetime import UTC

from django.db import migrations
from django.utils.dateparse import parse_datetime

DRF_TABLE = "authtoken_token"
PREFIX_LENGTH = 12  # accounts.token_secrets.PREFIX_LENGTH when this was written


def carry_over_drf_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if DRF_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("accounts", "ApiToken")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id, created FROM {DRF_TABLE}")  # noqa: S608 (a constant name)
        rows = cursor.fetchall()
    for key, user_id, created in rows:
        token = ApiToken.objects.create(
            user_id=user_id,
            name="API token (from before tokens were made on the profile page)",
            prefix=key[:PREFIX_LENGTH],
            secret_hash=hashlib.sha256(key.encode()).hexdigest(),
            access="write",
            conference=None,
        )
        ApiToken.objects.filter(pk=token.pk).update(created_at=_aware(created))  # auto_now_add set it to now
    schema_editor.execute(f"DROP TABLE {DRF_TABLE}")
    # The app is gone: if it ever came back, its migrations should run again and make a new table.
    schema_editor.execute("DELETE FROM django_migrations WHERE app = 'authtoken'")


def _aware(created):
    """SQLite's cursor gives the naive UTC text Django wrote; PostgreSQL an aware datetime."""
    created = parse_datetime(created) if isinstance(created, str) else created
    return created.replace(tzinfo=UTC) if created.tzinfo is None else created


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_api_token")]

    operations = [migrations.RunPython(carry_over_drf_tokens, migrations.RunPython.noop, elidable=True)]
