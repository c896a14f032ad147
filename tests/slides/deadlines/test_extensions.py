"""Extensions by organisers and the late flag: history, events in the same transaction, and the
late flag lifted by an extension that leaves no deadline missed."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction

from events.models import OutboxEvent
from slides.models import DeadlineExtension, SlideReminder, Status, TalkSlides
from slides.services.lateness import deadline_extend, status_without_late, talk_flag_late
from slides.services.reminders import reminder_claim
from tests.factories import SlideReviewFactory
from tests.factories.cfp import SubmissionFactory
from tests.slides.deadlines.helpers import DRAFT_DUE, FINAL_DUE, TALK_STARTS, london, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _events_checked(events_are_valid):
    """Every event written is checked against its schema and CloudEvents."""


def events(kind: str) -> list[OutboxEvent]:
    return list(OutboxEvent.objects.filter(type=f"summit.slides.{kind}.v1").order_by("id"))


def test_extension_moves_the_deadline_keeps_history_and_emits(talk, organiser):
    before_final = london(9, 20)
    until = london(9, 29, 22)

    extension = deadline_extend(
        submission=talk, kind="final", until=until, reason="Flight delayed", by=organiser, now=before_final
    )

    record = TalkSlides.objects.get(submission=talk)
    assert record.final_due_extended_to == until
    assert list(DeadlineExtension.objects.values_list("pk", "kind", "reason", "granted_by")) == [
        (extension.pk, "final", "Flight delayed", organiser.pk)
    ]
    (event,) = events("deadline.extended")
    assert event.subject == f"slides/{talk.code}"
    assert event.data == {
        "conference": talk.conference.slug,
        "submission": talk.code,
        "extension_id": extension.pk,
        "kind": "final",
        "until": "2030-09-29T21:00:00Z",
        "previous": "2030-09-29T17:00:00Z",
        "reason": "Flight delayed",
        "granted_by": organiser.pk,
        "status": "missing",
        "previous_status": "missing",
    }


def test_second_extension_replaces_the_first_and_both_stay_in_history(talk, organiser):
    deadline_extend(submission=talk, kind="draft", until=london(9, 18), by=organiser, now=london(9, 1))
    deadline_extend(submission=talk, kind="draft", until=london(9, 20), by=organiser, now=london(9, 1))

    assert TalkSlides.objects.get(submission=talk).draft_due_extended_to == london(9, 20)
    assert DeadlineExtension.objects.count() == 2
    assert events("deadline.extended")[-1].data["previous"] == "2030-09-17T23:00:00Z"


@pytest.mark.parametrize(
    ("until", "message"),
    [
        (london(9, 1), "The new deadline must be in the future."),
        (london(9, 30, 11), "Uploads lock when the talk starts, "),
    ],
)
def test_extension_refused_stores_nothing(talk, organiser, until, message):
    with pytest.raises(ValidationError) as refused:
        deadline_extend(submission=talk, kind="final", until=until, by=organiser, now=london(9, 2))

    assert refused.value.messages[0].startswith(message)
    assert DeadlineExtension.objects.count() == 0
    assert events("deadline.extended") == []
    assert not TalkSlides.objects.filter(final_due_extended_to__isnull=False).exists()


def test_extension_of_a_talk_not_accepted_is_refused(conference, organiser):
    rejected = SubmissionFactory(conference=conference, state="rejected")

    with pytest.raises(ValidationError, match="Only accepted talks"):
        deadline_extend(submission=rejected, kind="draft", until=london(9, 20), by=organiser, now=london(9, 1))

    assert not TalkSlides.objects.exists()


def test_missing_draft_after_its_deadline_flags_the_talk_late_once(talk):
    after = DRAFT_DUE + dt.timedelta(minutes=5)

    assert talk_flag_late(submission=talk, now=after) is True
    assert talk_flag_late(submission=talk, now=after) is False

    record = TalkSlides.objects.get(submission=talk)
    assert (record.status, record.late_since) == (Status.LATE, DRAFT_DUE)
    (event,) = events("talk.flagged_late")
    assert event.data == {
        "conference": talk.conference.slug,
        "submission": talk.code,
        "kind": "draft",
        "deadline": "2030-09-16T17:00:00Z",
        "previous_status": "missing",
    }


def test_talk_is_not_late_before_the_deadline_or_with_a_deck(talk):
    assert talk_flag_late(submission=talk, now=DRAFT_DUE - dt.timedelta(seconds=1)) is False
    upload(talk, "draft")

    assert talk_flag_late(submission=talk, now=DRAFT_DUE + dt.timedelta(days=1)) is False
    assert events("talk.flagged_late") == []


def test_final_uploaded_early_counts_as_the_draft(talk):
    upload(talk, "final")

    assert talk_flag_late(submission=talk, now=FINAL_DUE + dt.timedelta(hours=1)) is False


def test_approved_draft_without_final_is_late_after_the_final_deadline(talk, organiser):
    version = upload(talk, "draft")
    SlideReviewFactory(version=version, reviewer=organiser, verdict="approved")
    TalkSlides.objects.filter(submission=talk).update(status=Status.APPROVED)

    assert talk_flag_late(submission=talk, now=FINAL_DUE + dt.timedelta(minutes=1)) is True

    assert events("talk.flagged_late")[0].data["kind"] == "final"
    assert events("talk.flagged_late")[0].data["previous_status"] == "approved"


def test_extension_lifts_the_late_flag_back_to_what_the_versions_say(talk, organiser):
    version = upload(talk, "draft")
    SlideReviewFactory(version=version, reviewer=organiser, verdict="changes_requested")
    talk_flag_late(submission=talk, now=FINAL_DUE + dt.timedelta(minutes=1))

    deadline_extend(
        submission=talk, kind="final", until=london(9, 30, 8), by=organiser, now=FINAL_DUE + dt.timedelta(hours=1)
    )

    record = TalkSlides.objects.get(submission=talk)
    assert (record.status, record.late_since) == (Status.CHANGES_REQUESTED, None)
    assert events("deadline.extended")[0].data["status"] == "changes_requested"
    assert events("deadline.extended")[0].data["previous_status"] == "late"


def test_extension_of_the_other_deadline_leaves_the_talk_late(talk, organiser):
    talk_flag_late(submission=talk, now=DRAFT_DUE + dt.timedelta(minutes=1))

    deadline_extend(submission=talk, kind="final", until=london(9, 30, 8), by=organiser, now=london(9, 17))

    assert TalkSlides.objects.get(submission=talk).status == Status.LATE


def test_status_without_late_follows_versions_and_reviews(talk, organiser):
    with_record = upload(talk, "draft").talk
    assert status_without_late(with_record) == Status.DRAFT_IN
    upload(talk, "final")
    assert status_without_late(with_record) == Status.FINAL_IN
    assert SlideReminder.objects.count() == 0
    assert TALK_STARTS > FINAL_DUE


class Abort(Exception):
    pass


def test_extension_and_its_event_roll_back_together(talk, organiser):
    with pytest.raises(Abort), transaction.atomic():
        deadline_extend(submission=talk, kind="final", until=london(9, 29, 22), by=organiser, now=london(9, 1))
        raise Abort

    assert not DeadlineExtension.objects.exists()
    assert events("deadline.extended") == []


def test_late_flag_and_its_event_roll_back_together(talk):
    with pytest.raises(Abort), transaction.atomic():
        talk_flag_late(submission=talk, now=DRAFT_DUE + dt.timedelta(minutes=1))
        raise Abort

    assert not TalkSlides.objects.filter(status=Status.LATE).exists()
    assert events("talk.flagged_late") == []


def test_reminder_rolled_back_sends_no_mail_and_no_event(talk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Abort), transaction.atomic():
        reminder_claim(submission=talk, kind="draft", deadline=DRAFT_DUE, days_before=2, now=london(9, 14, 9))
        raise Abort

    assert not SlideReminder.objects.exists()
    assert events("reminder.sent") == []
    assert mail.outbox == []
