"""The readiness probe's checks: each bounded by READINESS_TIMEOUT_SECONDS, none raising.

Only the database is fatal (nothing works without it). Redis (cache and broker), Kafka and SMTP
each have a fallback (per-process cache, tasks kept in the database, the outbox, mail retries), so
their failure makes Summit degraded, not unready: a load balancer must keep sending it traffic.
"""

import socket
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import asdict, dataclass

import redis
from django.conf import settings
from django.db import DatabaseError, connection

from events import kafka

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


@dataclass(frozen=True)
class Check:
    state: str  # "ok", "down", or "off" (not configured in this profile)
    seconds: float = 0.0
    error: str = ""

    def as_dict(self) -> dict:
        if self.state == "off":
            return {"state": "off"}
        return {key: value for key, value in asdict(self).items() if value != ""}


def timed(probe: Callable[[], None]) -> Check:
    started = time.monotonic()
    try:
        probe()
    except Exception as error:  # a probe reports every failure; none may fail the probe itself
        return Check("down", round(time.monotonic() - started, 4), f"{type(error).__name__}: {error}"[:300])
    return Check("ok", round(time.monotonic() - started, 4))


def database() -> Check:
    def probe() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    check = timed(probe)
    if check.state == "down" and not connection.in_atomic_block:
        with suppress(DatabaseError):
            connection.close()  # the next request reconnects rather than reusing a dead socket
    return check


def _redis(url: str) -> Check:
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return Check("off")
    timeout = settings.READINESS_TIMEOUT_SECONDS

    def probe() -> None:
        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout, retry=None)
        try:
            client.ping()
        finally:
            client.close()

    return timed(probe)


def cache() -> Check:
    return _redis(settings.REDIS_URL)


def broker() -> Check:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return Check("off")
    return _redis(settings.CELERY_BROKER_URL)


def kafka_cluster() -> Check:
    if not kafka.is_configured():
        return Check("off")
    health = kafka.broker_health(timeout=settings.READINESS_TIMEOUT_SECONDS)
    return Check("ok" if health.reachable else "down", round(health.seconds, 4), health.error)


def smtp() -> Check:
    if settings.EMAIL_BACKEND != SMTP_BACKEND:
        return Check("off")

    def probe() -> None:
        socket.create_connection((settings.EMAIL_HOST, settings.EMAIL_PORT), settings.READINESS_TIMEOUT_SECONDS).close()

    return timed(probe)


DEGRADABLE = {"redis": cache, "broker": broker, "kafka": kafka_cluster, "smtp": smtp}


def readiness() -> tuple[bool, dict]:
    """(ready, body): ready when the database answers; the others run side by side meanwhile."""
    with ThreadPoolExecutor(max_workers=len(DEGRADABLE)) as pool:
        futures = {name: pool.submit(check) for name, check in DEGRADABLE.items()}
        db = database()
        others = {name: future.result() for name, future in futures.items()}
    ready = db.state == "ok"
    degraded = sorted(name for name, check in others.items() if check.state == "down")
    status = "unavailable" if not ready else ("degraded" if degraded else "ok")
    checks = {"database": db.as_dict()} | {name: check.as_dict() for name, check in others.items()}
    return ready, {"status": status, "degraded": degraded, "checks": checks}
