"""A real database fault for the tests: this process's PostgreSQL connection killed from another one."""

import psycopg
import pytest
from django.db import connection


@pytest.fixture
def kill_connection():
    """`kill_connection()`: terminate this process's database connection from another one."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no server connection to kill; runs on PostgreSQL")
    db = connection.settings_dict

    def kill() -> None:
        connection.ensure_connection()
        pid = connection.connection.info.backend_pid
        other = psycopg.connect(
            host=db["HOST"] or "127.0.0.1",
            port=db["PORT"] or 5432,
            user=db["USER"],
            password=db["PASSWORD"],
            dbname=db["NAME"],
            autocommit=True,
        )
        with other:
            assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone() == (True,)

    return kill
