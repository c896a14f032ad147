"""Real Redis faults for the tests: a port nobody listens on, and a Redis server started on it later
("Redis comes back"), with the cache and the Celery broker pointed at it as production does."""

import json
import subprocess
import time
from dataclasses import dataclass, field

import pytest
import redis

from common import queueing
from tests.events.support import free_port
from tests.events.test_celery_worker import celery_broker  # noqa: F401  (switches Celery to a real broker)

REDIS_SERVER = "/usr/bin/redis-server"


@dataclass
class RedisPort:
    """A free port: dead until `start()` runs a throwaway redis-server on it."""

    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        command = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_connect_timeout=1)


def cache_settings(url: str, *, fallback_seconds: float = 30.0) -> dict:
    """CACHES as summit/settings/base.py writes them when REDIS_URL is set."""
    return {
        "default": {
            "BACKEND": "common.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"fallback_seconds": fallback_seconds, "socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def redis_port():
    port = RedisPort()
    yield port
    port.stop()


@pytest.fixture
def fresh_broker_circuit():
    """Each test starts with the broker presumed up, as a freshly started process does."""
    queueing.circuit.is_open = False
    queueing.circuit.retry_at = 0.0
    yield queueing.circuit
    queueing.circuit.is_open = False
    queueing.circuit.retry_at = 0.0


@pytest.fixture
def redis_down(settings, redis_port, celery_broker, fresh_broker_circuit):  # noqa: F811
    """Production-like: the cache and the Celery broker on Redis, and Redis not answering."""
    url = redis_port.url()
    settings.REDIS_URL = url
    settings.CACHES = cache_settings(url)
    settings.CELERY_BROKER_URL = url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    queue = celery_broker(url)
    return type("RedisDown", (), {"port": redis_port, "url": url, "queue": queue, "switch": celery_broker})


def queued_task_names(client: redis.Redis, queue: str) -> list[str]:
    """The task names waiting in a kombu Redis queue, oldest first."""
    return [json.loads(raw)["headers"]["task"] for raw in reversed(client.lrange(queue, 0, -1))]
