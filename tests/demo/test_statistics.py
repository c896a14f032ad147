"""After seed_demo the planner has fresh statistics: it runs ANALYZE on PostgreSQL (the 10x set's
pages ran ten times slower with the planner taking the new tables for empty); SQLite needs none."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo.conference import DEMO_USERS
from demo.management.commands import seed_demo
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db


def _analyzes(queries: CaptureQueriesContext) -> int:
    return sum(1 for query in queries.captured_queries if query["sql"].strip().upper() == "ANALYZE")


def test_seed_demo_analyzes_the_database_after_building(monkeypatch):
    conference = ConferenceFactory()
    monkeypatch.setattr(seed_demo, "seed_demo", lambda size: {"conference": conference, "users": DEMO_USERS})
    out = StringIO()

    with CaptureQueriesContext(connection) as queries:
        call_command("seed_demo", "--size", "kafka-summit-10x", stdout=out)

    assert _analyzes(queries) == (1 if connection.vendor == "postgresql" else 0)
    assert "Built the kafka-summit-10x set in " in out.getvalue()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ANALYZE is PostgreSQL's")
def test_analyze_gives_the_planner_row_counts_of_new_rows():
    ConferenceFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'conference_conference'")
        before = cursor.fetchone()[0]

    seed_demo.refresh_planner_statistics()

    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'conference_conference'")
        assert cursor.fetchone()[0] >= 3 > before
