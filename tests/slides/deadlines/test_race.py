"""Exactly once under concurrency, on real PostgreSQL: several beat workers run the same tick at the
same moment from separate connections; each reminder, late flag and digest happens once."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection, connections

from events.models import OutboxEvent
from slides import tasks
from slides.models import LateDigest, SlideReminder, Status, TalkSlides
from tests.factories.cfp import SubmissionFactory
from tests.slides.deadlines.helpers import DRAFT_DUE, london, schedule

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"),
]

WORKERS = 8


def race(when) -> list[dict]:
    start = threading.Barrier(WORKERS)
    results: list = []
    lock = threading.Lock()

    def run() -> None:
        try:
            start.wait()
            outcome = tasks.deadlines_tick(now=when.isoformat())
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            outcome = repr(error)
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def count(event_type: str) -> int:
    return OutboxEvent.objects.filter(type=f"summit.slides.{event_type}.v1").count()


@pytest.fixture
def talks(talk, conference, track, room):
    """Three talks, all missing their slides."""
    others = [SubmissionFactory(conference=conference, track=track, state="accepted") for _ in range(2)]
    for n, submission in enumerate(others):
        schedule(submission, room, starts_at=london(9, 30, 11 + n))
    return [talk, *others]


def test_racing_workers_send_each_reminder_exactly_once(talks):
    results = race(london(9, 14, 9))

    assert all(isinstance(result, dict) for result in results), results
    assert sum(result["reminders"] for result in results) == 3
    assert SlideReminder.objects.count() == 3
    assert count("reminder.sent") == 3
    # Two speakers on the first talk, one on each of the others.
    assert len(mail.outbox) == 4


def test_racing_workers_flag_late_and_send_the_digest_exactly_once(talks, organiser):
    results = race(DRAFT_DUE + dt.timedelta(minutes=5))

    assert all(isinstance(result, dict) for result in results), results
    assert sum(result["flagged_late"] for result in results) == 3
    assert sum(result["digests"] for result in results) == 1
    assert TalkSlides.objects.filter(status=Status.LATE).count() == 3
    assert count("talk.flagged_late") == 3
    assert count("digest.sent") == 1
    assert LateDigest.objects.get().late_count == 3
    assert [message.to for message in mail.outbox] == [[organiser.email]]
