"""Migration accounts 0004 carries DRF's plaintext tokens over as digests, so an integration keeps its
key, and drops DRF's table so no key stays in clear."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import ApiToken
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)  # migrations run their own schema changes

DRF_KEY = "0123456789abcdef0123456789abcdef01234567"
BEFORE, AFTER = [("accounts", "0003_api_token")], [("accounts", "0004_api_tokens_from_drf_tokens")]


@pytest.fixture(autouse=True)
def _every_app_migrated_afterwards():
    """Going back unapplies the migrations of other apps that depend on the target (webhooks on
    events, say); going forward to the target alone would leave them out for the next tests."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def test_drf_tokens_are_carried_over_with_their_keys_and_their_table_dropped(conference):
    user = UserFactory()
    migrate(BEFORE)
    timestamp = "timestamp with time zone" if connection.vendor == "postgresql" else "datetime"
    with connection.cursor() as cursor:
        columns = f"key varchar(40) PRIMARY KEY, created {timestamp}, user_id integer"
        cursor.execute(f"CREATE TABLE authtoken_token ({columns})")
        cursor.execute(
            "INSERT INTO authtoken_token (key, created, user_id) VALUES (%s, %s, %s)",
            [DRF_KEY, datetime(2026, 5, 1, 9, 30, tzinfo=UTC), user.pk],
        )

    migrate(AFTER)

    token = ApiToken.objects.get()
    assert (token.user, token.access, token.conference, token.prefix) == (user, "write", None, DRF_KEY[:12])
    assert token.created_at == datetime(2026, 5, 1, 9, 30, tzinfo=UTC)
    assert DRF_KEY not in str(ApiToken.objects.values().get())
    assert "authtoken_token" not in connection.introspection.table_names()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {DRF_KEY}")
    assert client.get(reverse("conference-tracks-list", args=[conference.slug])).status_code == 200


def test_drf_tokens_migration_without_drf_table_changes_nothing():
    migrate(BEFORE)
    migrate(AFTER)

    assert ApiToken.objects.count() == 0
