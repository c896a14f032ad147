"""Queueing Celery tasks so that a broker outage neither fails the request nor loses the work.

Every task a service queues goes through `enqueue_on_commit` (after its transaction commits) or
`enqueue`. When the broker does not answer, the task is written to `DeferredTask` instead, and the
beat task `common.requeue_deferred_tasks` queues it once the broker is back. After one failure the
process stops trying the broker for `BROKER_RETRY_SECONDS`, so a request during an outage
costs a row insert, not a connection timeout; one warning per outage says so.
"""

import logging
import threading
import time
from typing import Any

from celery import Task, current_app
from django.conf import settings
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnavailable

from common.models import DeferredTask

logger = logging.getLogger(__name__)


class BrokerCircuit:
    """Per process: after a failed publish, that broker is skipped until `retry_at` (another broker
    URL, set since, is tried at once)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.retry_at = 0.0
        self.is_open = False
        self.broker_url = ""

    def allows_publish(self) -> bool:
        if not self.is_open or time.monotonic() >= self.retry_at:
            return True
        return current_app.conf.broker_url != self.broker_url

    def failed(self, error: Exception) -> None:
        with self._lock:
            self.retry_at = time.monotonic() + settings.BROKER_RETRY_SECONDS
            self.broker_url = current_app.conf.broker_url
            if self.is_open:
                return
            self.is_open = True
        logger.warning(
            "Celery broker unreachable (%s): tasks are kept in the database (DeferredTask) and queued when it is back.",
            error,
        )

    def succeeded(self) -> None:
        with self._lock:
            if not self.is_open:
                return
            self.is_open = False
        logger.info("Celery broker is back: queueing tasks again.")


circuit = BrokerCircuit()


def enqueue(task: Task, *args: Any, defer: bool = True, **kwargs: Any) -> bool:
    """Queue `task` with JSON-able arguments; True when the broker took it.

    With the broker down the task is kept as a DeferredTask (`defer=False`: dropped, for work a
    periodic task redoes anyway, like the events relay whose beat sweep publishes the outbox).
    """
    if circuit.allows_publish():
        try:
            task.apply_async(args=args, kwargs=kwargs)
        except BrokerUnavailable as error:
            circuit.failed(error)
            reason = str(error)
        else:
            circuit.succeeded()
            return True
    else:
        reason = "the broker was unreachable a moment ago"
    if defer:
        DeferredTask.objects.create(task=task.name, args=list(args), kwargs=kwargs, error=reason[:500])
    return False


def enqueue_on_commit(task: Task, *args: Any, defer: bool = True, **kwargs: Any) -> None:
    """`enqueue` once the current transaction commits (at once outside one); nothing if it rolls back."""
    transaction.on_commit(lambda: enqueue(task, *args, defer=defer, **kwargs))


def requeue_deferred(*, limit: int = 500) -> int:
    """Queue the tasks kept while the broker was down, oldest first; stops at the first refusal.

    Each row is locked while it is queued (skip_locked: two runs never queue the same row) and
    deleted once the broker has it. Returns how many were queued.
    """
    queued = 0
    while queued < limit:
        with transaction.atomic():
            row = DeferredTask.objects.select_for_update(skip_locked=True).order_by("id").first()
            if row is None:
                break
            try:
                task = current_app.tasks.get(row.task)
                if task is None:  # not known to this process: a worker of another release may know it
                    current_app.send_task(row.task, args=row.args, kwargs=row.kwargs)
                else:
                    task.apply_async(args=row.args, kwargs=row.kwargs)
            except BrokerUnavailable as error:
                circuit.failed(error)
                break
            row.delete()
        circuit.succeeded()
        queued += 1
    if queued:
        logger.info("Queued %s task(s) kept while the Celery broker was down.", queued)
    return queued
