"""Tasks queued while the Celery broker (Redis) is down are kept in the database, without the
request waiting on the broker, and are queued once it answers: real faults, no mocks."""

import ast
import logging
import socket
import time
from io import StringIO
from pathlib import Path

import pytest
import redis
from django.core.management import call_command
from django.db import transaction

from cfp.tasks import send_submission_received
from common.models import DeferredTask
from common.queueing import enqueue, enqueue_on_commit, requeue_deferred
from office_hours.tasks import send_booking_reminder
from tests.redis_faults import queued_task_names
from tests.test_app_graph import RANK, modules

pytestmark = pytest.mark.django_db


def test_enqueue_with_the_broker_down_keeps_the_task(redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="common.queueing"):
        taken = enqueue(send_booking_reminder, 7, "24h")

    assert taken is False
    row = DeferredTask.objects.get()
    assert (row.task, row.args, row.kwargs) == ("office_hours.send_booking_reminder", [7, "24h"], {})
    assert "Connection refused" in row.error
    assert "Celery broker unreachable" in caplog.text


def test_enqueue_after_a_failure_skips_the_broker_for_a_while(redis_down, caplog):
    enqueue(send_submission_received, "FIRST")

    caplog.clear()
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="common.queueing"):
        for number in range(50):
            enqueue(send_submission_received, f"S{number}")

    assert time.monotonic() - started < 1.0  # row inserts, not 50 connection attempts
    assert DeferredTask.objects.count() == 51
    assert "Celery broker unreachable" not in caplog.text  # one warning per outage, already given


def test_enqueue_without_defer_drops_the_task(redis_down):
    assert enqueue(send_submission_received, "X", defer=False) is False
    assert DeferredTask.objects.count() == 0


def test_enqueue_on_commit_keeps_nothing_when_rolled_back(redis_down, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(send_submission_received, "ROLLED")
        raise RuntimeError("abort")

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue_on_commit(send_submission_received, "KEPT")

    assert list(DeferredTask.objects.values_list("args", flat=True)) == [["KEPT"]]


def test_requeue_queues_every_kept_task_once_redis_is_back(redis_down):
    enqueue(send_submission_received, "ABC")
    enqueue(send_booking_reminder, 7, "1h")
    redis_down.port.start()

    queued = requeue_deferred()

    assert queued == 2
    assert DeferredTask.objects.count() == 0
    assert queued_task_names(redis_down.port.client(), redis_down.queue) == [
        "cfp.send_submission_received",
        "office_hours.send_booking_reminder",
    ]
    assert enqueue(send_submission_received, "NEW") is True  # the circuit closed again


def test_requeue_with_the_broker_still_down_keeps_the_rows(redis_down):
    enqueue(send_submission_received, "ABC")

    assert requeue_deferred() == 0
    assert DeferredTask.objects.count() == 1


def test_requeue_command_reports_what_is_left(redis_down):
    enqueue(send_submission_received, "ABC")
    out = StringIO()

    with pytest.raises(SystemExit):
        call_command("requeue_tasks", stdout=out)
    redis_down.port.start()
    call_command("requeue_tasks", stdout=out)

    assert out.getvalue().splitlines() == [
        "0 task(s) queued, 1 still waiting for the broker.",
        "1 task(s) queued, 0 still waiting for the broker.",
    ]


def test_every_task_is_queued_through_common_queueing():
    """A `.delay()` or `.apply_async()` elsewhere would fail its request, or lose its task, with the broker down."""
    root = Path(__file__).resolve().parents[2]
    direct = [
        f"{path.relative_to(root)}:{node.lineno}"
        for app in RANK
        for path in modules(app)
        if path.relative_to(root).as_posix() != "common/queueing.py"
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"delay", "apply_async", "delay_on_commit", "send_task"}
    ]

    assert direct == []


def test_a_broker_that_accepts_but_never_answers_costs_one_bounded_wait(redis_down, celery_broker):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # the kernel completes the handshake; nothing ever replies
    celery_broker(f"redis://127.0.0.1:{silent.getsockname()[1]}/0")
    try:
        started = time.monotonic()
        enqueue(send_submission_received, "FIRST")
        first = time.monotonic() - started
        started = time.monotonic()
        enqueue(send_submission_received, "SECOND")
        second = time.monotonic() - started
    finally:
        silent.close()

    assert first < 4  # connect and read timeouts (REDIS_TIMEOUT_SECONDS) and one quick publish retry
    assert second < 0.2  # the circuit is open: no wait at all
    assert DeferredTask.objects.count() == 2


def test_a_new_broker_url_is_tried_at_once(redis_down, celery_broker, redis_port):
    enqueue(send_submission_received, "KEPT")  # opens the circuit for the dead broker
    redis_port.start()
    queue = celery_broker(redis_port.url(1))  # the same server, another database: another broker URL

    assert enqueue(send_submission_received, "SENT") is True
    assert queued_task_names(redis.Redis(port=redis_port.port, db=1), queue) == ["cfp.send_submission_received"]
    assert DeferredTask.objects.count() == 1
