"""The beat task travels through time: reminders 7, 2 and 0 days before each deadline to the speakers
of talks missing that version, each once and in each speaker's language; the late flag after a
missed deadline; the organisers' digest once per conference and day."""

import datetime as dt

import pytest
from django.core import mail

from events.models import OutboxEvent
from slides import tasks
from slides.models import LateDigest, SlideReminder, Status, TalkSlides
from slides.services.lateness import deadline_extend
from slides.services.reminders import reminders_send
from tests.factories import SlidesSettingsFactory
from tests.factories.cfp import SubmissionFactory
from tests.slides.deadlines.helpers import DRAFT_DUE, FINAL_DUE, london, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _events_checked(events_are_valid):
    """Every event written is checked against its schema and CloudEvents."""


@pytest.fixture
def tick(django_capture_on_commit_callbacks):
    """`tick(when)`: one beat run at `when`, with what it queued after commit (the e-mails) run."""

    def run(when: dt.datetime) -> dict:
        with django_capture_on_commit_callbacks(execute=True):
            return tasks.deadlines_tick(now=when.isoformat())

    return run


def sent() -> list[tuple[str, int]]:
    return list(SlideReminder.objects.order_by("id").values_list("kind", "days_before"))


def event_types() -> list[str]:
    found = OutboxEvent.objects.filter(type__startswith="summit.slides.").order_by("id")
    return list(found.values_list("type", flat=True))


def test_a_speaker_who_misses_the_draft_gets_each_reminder_once_then_shows_late(tick, talk, organiser):
    quiet = {"flagged_late": 0, "reminders": 0, "digests": 0}
    assert tick(london(9, 1, 9)) == quiet
    assert tick(london(9, 9, 9)) == quiet | {"reminders": 1}
    assert tick(london(9, 9, 10)) == quiet
    assert tick(london(9, 14, 9)) == quiet | {"reminders": 1}
    assert tick(london(9, 16, 9)) == quiet | {"reminders": 1}
    assert tick(london(9, 16, 17, 59)) == quiet
    assert sent() == [("draft", 7), ("draft", 2), ("draft", 0)]
    # Two speakers per reminder, and no mail to the organisers yet.
    assert len(mail.outbox) == 6

    assert tick(DRAFT_DUE + dt.timedelta(minutes=5)) == {"flagged_late": 1, "reminders": 0, "digests": 1}
    record = TalkSlides.objects.get(submission=talk)
    assert (record.status, record.late_since) == (Status.LATE, DRAFT_DUE)
    assert tick(london(9, 16, 23)) == quiet
    assert tick(london(9, 17, 7)) == quiet  # before the organisers' morning
    assert tick(london(9, 17, 8, 5)) == quiet | {"digests": 1}
    assert list(LateDigest.objects.order_by("day").values_list("day", "late_count")) == [
        (dt.date(2030, 9, 16), 1),
        (dt.date(2030, 9, 17), 1),
    ]
    digests = [message for message in mail.outbox if message.to == [organiser.email]]
    assert len(digests) == 2
    assert digests[0].subject == "1 talk is late with its slides · Kafka Summit Test"
    assert "Exactly-once in practice" in digests[0].body and "ada@summit.test" in digests[0].body
    assert f"/manage/{talk.conference.slug}/slides/" in digests[0].body
    assert event_types() == [
        "summit.slides.reminder.sent.v1",
        "summit.slides.reminder.sent.v1",
        "summit.slides.reminder.sent.v1",
        "summit.slides.talk.flagged_late.v1",
        "summit.slides.digest.sent.v1",
        "summit.slides.digest.sent.v1",
    ]


def test_reminders_reach_each_speaker_in_their_language_and_time_zone(tick, talk):
    tick(london(9, 14, 9))

    by_address = {message.to[0]: message for message in mail.outbox}
    english, french = by_address["ada@summit.test"], by_address["beatrice@summit.test"]
    assert english.subject == "In 2 days: your draft slides are due · Kafka Summit Test"
    assert "16 Sep 2030, 18:00 BST (Europe/London)" in english.body
    assert "16 septembre 2030 à 19:00 CEST (Europe/Paris)" in french.body
    assert "(Europe/London)" in french.body
    assert "/me/slides/" in english.body
    event = OutboxEvent.objects.get(type="summit.slides.reminder.sent.v1")
    assert event.subject == f"slides/{talk.code}"
    assert event.data == {
        "conference": talk.conference.slug,
        "submission": talk.code,
        "kind": "draft",
        "days_before": 2,
        "deadline": "2030-09-16T17:00:00Z",
        "speaker_ids": sorted(event.data["speaker_ids"]),
    }


def test_a_talk_with_its_draft_in_is_reminded_of_the_final_only(tick, talk):
    upload(talk, "draft")

    tick(london(9, 14, 9))
    tick(london(9, 22, 9))
    tick(london(9, 29, 9))

    assert sent() == [("final", 7), ("final", 0)]
    last_of = {message.to[0]: message.subject for message in mail.outbox}
    assert "final slides are due" in last_of["ada@summit.test"]
    assert "la version finale de vos diapositives est attendue" in last_of["beatrice@summit.test"]


def test_the_final_missed_flags_a_talk_with_a_draft_late(tick, talk):
    upload(talk, "draft")

    assert tick(FINAL_DUE + dt.timedelta(minutes=1))["flagged_late"] == 1
    assert OutboxEvent.objects.get(type="summit.slides.talk.flagged_late.v1").data["kind"] == "final"


def test_no_reminder_once_the_final_is_in(tick, talk):
    upload(talk, "final")

    tick(london(9, 14, 9))
    tick(london(9, 29, 9))
    tick(FINAL_DUE + dt.timedelta(hours=1))

    assert sent() == []
    assert TalkSlides.objects.get(submission=talk).status == Status.FINAL_IN


def test_beat_down_for_days_sends_only_the_closest_reminder(tick, talk):
    tick(london(9, 15, 9))

    assert sent() == [("draft", 2)]


def test_an_extension_opens_a_new_round_of_reminders(tick, talk, organiser):
    tick(london(9, 14, 9))
    new_due = london(9, 25, 18)
    deadline_extend(submission=talk, kind="draft", until=new_due, by=organiser, now=london(9, 14, 10))

    tick(london(9, 14, 11))
    tick(london(9, 16, 19))
    tick(london(9, 18, 9))

    assert list(SlideReminder.objects.order_by("id").values_list("days_before", "deadline")) == [
        (2, DRAFT_DUE),
        (7, new_due),
    ]
    assert TalkSlides.objects.get(submission=talk).status == Status.MISSING


def test_reminder_days_come_from_the_settings(tick, talk):
    SlidesSettingsFactory(conference=talk.conference, reminder_days="3")

    for day in (9, 13, 14, 16):
        tick(london(9, day, 9))

    assert sent() == [("draft", 3)]


def test_talks_not_accepted_get_nothing(tick, conference, track):
    SubmissionFactory(conference=conference, track=track, state="rejected")
    SubmissionFactory(conference=conference, track=track, state="withdrawn")

    tick(london(9, 16, 9))
    tick(london(9, 17, 9))

    assert sent() == []
    assert not TalkSlides.objects.exists()


def test_a_past_conference_is_left_alone(tick, talk):
    assert tick(london(10, 10, 9)) == {"flagged_late": 0, "reminders": 0, "digests": 0}


def test_reminder_mails_leave_only_after_the_commit(django_capture_on_commit_callbacks, talk):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert reminders_send(now=london(9, 14, 9)) == 1

    assert mail.outbox == []
    assert SlideReminder.objects.count() == 1
    for callback in callbacks:
        callback()
    assert sorted(message.to[0] for message in mail.outbox) == ["ada@summit.test", "beatrice@summit.test"]


def test_the_task_runs_on_the_current_time_without_arguments(talk):
    assert tasks.deadlines_tick() == {"flagged_late": 0, "reminders": 0, "digests": 0}
