"""Real Celery worker processes for the fault tests, on a Redis database of their own.

The workers here run with a visibility timeout of seconds, so Redis gives a killed worker's task to
the next worker quickly. Kombu's redelivery scans every unacknowledged task of its Redis database,
so these workers keep to database 13, away from the other tests' workers (database 15) whose tasks
a short timeout would take from them.
"""

import os
import signal
import subprocess
import sys

import pytest
import redis
from django.db import connection

from tests.events.test_celery_worker import ROOT, database_url, stop

REDIS_URL = os.environ.get("SUMMIT_TEST_FAULTS_REDIS_URL", "redis://127.0.0.1:6379/13")
VISIBILITY_TIMEOUT_SECONDS = 3


def needs_worker_services() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("a worker process cannot see the test's in-memory SQLite database; runs on PostgreSQL")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.ConnectionError:
        pytest.skip(f"Redis is not answering at {REDIS_URL}")


class Worker:
    """One `celery worker --pool=solo` process consuming `queue`, with `env` on top of the test's."""

    def __init__(self, queue: str, env: dict[str, str]):
        self.queue, self.env = queue, env
        self.process: subprocess.Popen | None = None
        self.logs: list[str] = []

    def start(self) -> "Worker":
        env = (
            os.environ
            | {
                "DATABASE_URL": database_url(),
                "REDIS_URL": REDIS_URL,
                "CELERY_VISIBILITY_TIMEOUT_SECONDS": str(VISIBILITY_TIMEOUT_SECONDS),
                "KAFKA_BOOTSTRAP_SERVERS": "",
                "DJANGO_SETTINGS_MODULE": "summit.settings.base",
            }
            | self.env
        )
        command = [sys.executable, "-m", "celery", "-A", "tests.faults.worker_app", "worker", "--pool=solo", "-Q"]
        self.process = subprocess.Popen(
            [*command, self.queue, "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        return self

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, no chance to give the task back; Redis keeps it unacknowledged."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.logs.append(self.process.communicate(timeout=10)[0])

    def stop(self) -> str:
        if self.process is not None and self.process.returncode is None:
            self.logs.append(stop(self.process))
        return "\n".join(self.logs)
