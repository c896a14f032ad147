"""Prometheus metrics: requests by view and status with their latency, Celery task failures and
relay delivery failures (counted in the process they happen in), and the outbox and deferred tasks
(read from the database when /metrics is scraped, so every process reports the same numbers).

With PROMETHEUS_MULTIPROC_DIR set (prometheus_client's multi-process mode, one directory shared by
the gunicorn workers and the Celery workers of a host) /metrics adds up every process's counters;
without it, it reports the answering process's own.
"""

import os

from celery.signals import task_failure, task_success
from django.core.cache import cache
from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

from common.models import DeferredTask, OutgoingMail
from events.cursor import unpublished_events
from events.models import ParkedEvent
from events.selectors import relay_cursor

PROCESS = CollectorRegistry(auto_describe=True)
REQUESTS = Counter(
    "summit_http_requests",
    "HTTP requests answered, by view, method and status.",
    ["view", "method", "status"],
    registry=PROCESS,
)
LATENCY = Histogram(
    "summit_http_request_duration_seconds",
    "Time to answer a request, by view.",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=PROCESS,
)
TASK_FAILURES = Counter("summit_celery_task_failures", "Celery tasks that raised, by task.", ["task"], registry=PROCESS)
RELAY_FAILED = Counter(
    "summit_relay_failed_deliveries", "Events the relay tried to publish and Kafka did not take.", registry=PROCESS
)
RELAY_TASK = "events.relay_outbox"


def observe_request(view: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(view=view, method=method, status=str(status)).inc()
    LATENCY.labels(view=view).observe(seconds)


def _task_failed(sender=None, **kwargs) -> None:
    TASK_FAILURES.labels(task=getattr(sender, "name", "unknown")).inc()


def _task_succeeded(sender=None, result=None, **kwargs) -> None:
    if getattr(sender, "name", "") == RELAY_TASK and isinstance(result, dict):
        RELAY_FAILED.inc(result.get("failed", 0))


def connect_task_signals() -> None:
    task_failure.connect(_task_failed, dispatch_uid="health-task-failure")
    task_success.connect(_task_succeeded, dispatch_uid="health-relay-result")


class DatabaseCollector:
    """What the database says at scrape time: five small aggregate queries."""

    def collect(self):
        now = timezone.now()
        unpublished = unpublished_events().aggregate(count=Count("id"), oldest=Min("time"))
        deferred = DeferredTask.objects.aggregate(count=Count("id"), oldest=Min("created_at"))
        waiting = OutgoingMail.objects.filter(status__in=["queued", "sending"]).aggregate(
            count=Count("id"), oldest=Min("created_at")
        )
        values = [
            ("outbox_pending_events", "Committed events not yet published to Kafka.", unpublished["count"]),
            ("outbox_lag_seconds", "Age of the oldest unpublished event (0: none).", _age(now, unpublished["oldest"])),
            ("outbox_parked_events", "Events Kafka refused for good (events status).", ParkedEvent.objects.count()),
            (
                "relay_failed_runs",
                "Relay runs in a row that failed (0: the last succeeded).",
                relay_cursor().failed_runs,
            ),
            ("deferred_tasks", "Tasks kept in the database while the broker was down.", deferred["count"]),
            (
                "deferred_tasks_oldest_seconds",
                "Age of the oldest deferred task (0: none).",
                _age(now, deferred["oldest"]),
            ),
            ("mail_waiting", "E-mails the mail server has not accepted yet (common.mail).", waiting["count"]),
            (
                "mail_waiting_oldest_seconds",
                "Age of the oldest e-mail not sent yet (0: none).",
                _age(now, waiting["oldest"]),
            ),
            ("cache_fallback", "1 while this process serves from its own cache (Redis down).", _cache_degraded()),
        ]
        for name, documentation, value in values:
            yield GaugeMetricFamily(f"summit_{name}", documentation, value=value)


def _age(now, moment) -> float:
    return (now - moment).total_seconds() if moment else 0.0


def _cache_degraded() -> int:
    return int(getattr(cache, "degraded", False))


def render() -> bytes:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(PROCESS)
    registry.register(DatabaseCollector())
    return generate_latest(registry)
