"""Decision e-mails through the outbox, speaker codes, redemption and confirmation reminders."""

import datetime as dt
import importlib
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from cfp.models import Submission
from review.models import Notification, NotificationBatch, PassCode
from review.services.codes import CodeAlreadyRedeemed, pass_code_issue, pass_code_redeem
from review.services.decisions import decision_make
from review.services.notifications import (
    MailServerUnavailable,
    batch_run,
    notification_deliver,
    notifications_prepare,
    notifications_send,
    reminders_send,
)
from review.services.setup import review_settings_update
from tests.factories import EmailAddressFactory
from tests.factories.cfp import SubmissionFactory
from tests.factories.review import ReviewFactory

pytestmark = pytest.mark.django_db
State = Submission.State


@pytest.fixture
def decided(conference, catalogue, speaker, organiser, reviewer):
    """One accepted (by the speaker and a French co-speaker), one rejected (another speaker), one waitlisted."""
    co_speaker = EmailAddressFactory(user__email="grace@summit.test", user__name="Grace Hopper", user__locale="fr").user
    rejected_speaker = EmailAddressFactory(user__email="alan@summit.test", user__name="Alan Turing").user
    accepted = SubmissionFactory(
        conference=conference, speakers=[speaker, co_speaker], title="Accepted talk", **catalogue
    )
    rejected = SubmissionFactory(conference=conference, speakers=[rejected_speaker], title="Rejected talk", **catalogue)
    someone = EmailAddressFactory().user
    waitlisted = SubmissionFactory(conference=conference, speakers=[someone], title="Maybe talk", **catalogue)
    ReviewFactory(submission=rejected, reviewer=reviewer, comment_to_speaker="Too close to last year's talk.")
    for submission, decision in [(accepted, "accept"), (rejected, "reject"), (waitlisted, "waitlist")]:
        decision_make(submission=submission, decision=decision, by=organiser)
    return {
        "accepted": accepted,
        "rejected": rejected,
        "waitlisted": waitlisted,
        "co_speaker": co_speaker,
        "rejected_speaker": rejected_speaker,
    }


def test_prepare_queues_one_message_per_speaker_with_codes(decided, organiser, speaker, event_types, mailoutbox):
    count = notifications_prepare(conference=decided["accepted"].conference, by=organiser)

    assert count == 4
    assert mailoutbox == []
    waitlisted_email = decided["waitlisted"].speakers.get().email
    assert sorted(Notification.objects.values_list("recipient__email", "kind", "status")) == sorted(
        [
            ("alan@summit.test", "rejected", "queued"),
            ("grace@summit.test", "accepted", "queued"),
            (waitlisted_email, "waitlisted", "queued"),
            ("speaker@summit.test", "accepted", "queued"),
        ]
    )
    passes = PassCode.objects.filter(kind="pass")
    assert sorted(passes.values_list("speaker__email", flat=True)) == ["grace@summit.test", "speaker@summit.test"]
    discount = PassCode.objects.get(kind="discount")
    assert discount.speaker == decided["rejected_speaker"] and discount.discount_percent == 25
    ada_mail = Notification.objects.get(recipient=speaker)
    assert ada_mail.body.count(PassCode.objects.get(speaker=speaker).code) == 1
    rejection = Notification.objects.get(kind="rejected")
    assert discount.code in rejection.body
    assert "Too close to last year's talk." in rejection.body
    assert "summit.review.notification.queued.v1" in event_types()
    assert event_types().count("summit.review.pass_code.issued.v1") == 3


def test_prepare_renders_in_the_recipients_language(decided, organiser):
    notifications_prepare(conference=decided["accepted"].conference, by=organiser)

    french = Notification.objects.get(recipient=decided["co_speaker"])
    assert french.locale == "fr"
    assert "Grace" in french.body


def test_prepare_twice_queues_nothing_new(decided, organiser):
    notifications_prepare(conference=decided["accepted"].conference, by=organiser)

    assert notifications_prepare(conference=decided["accepted"].conference, by=organiser) == 0
    assert Notification.objects.count() == 4


def test_anonymous_review_keeps_reviewers_out_of_the_mails(decided, organiser, reviewer):
    notifications_prepare(conference=decided["accepted"].conference, by=organiser)

    for notification in Notification.objects.all():
        assert reviewer.name not in notification.body
        assert reviewer.email not in notification.body


def test_send_delivers_the_batch_in_the_background(
    decided, organiser, mailoutbox, event_types, django_capture_on_commit_callbacks
):
    conference = decided["accepted"].conference
    notifications_prepare(conference=conference, by=organiser)

    with django_capture_on_commit_callbacks(execute=True):
        batch = notifications_send(conference=conference, by=organiser)

    assert batch.total == 4
    assert len(mailoutbox) == 4
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
    assert event_types().count("summit.review.notification.sent.v1") == 4
    assert NotificationBatch.objects.get().finished_at is not None


def test_batch_run_again_sends_nothing_more(decided, organiser, mailoutbox, django_capture_on_commit_callbacks):
    notifications_prepare(conference=decided["accepted"].conference, by=organiser)
    with django_capture_on_commit_callbacks(execute=True):
        batch = notifications_send(conference=decided["accepted"].conference, by=organiser)

    assert batch_run(batch_id=batch.pk) == 0
    assert len(mailoutbox) == 4


def test_send_with_nothing_queued_returns_none(conference, organiser):
    assert notifications_send(conference=conference, by=organiser) is None


def test_deliver_twice_sends_once(decided, organiser, mailoutbox):
    notifications_prepare(conference=decided["accepted"].conference, by=organiser)
    notification = Notification.objects.first()

    assert notification_deliver(notification_id=notification.pk) is True
    assert notification_deliver(notification_id=notification.pk) is False
    assert len(mailoutbox) == 1


def test_deliver_after_the_decision_changed_is_skipped(decided, organiser, mailoutbox):
    notifications_prepare(conference=decided["accepted"].conference, by=organiser)
    decision_make(submission=decided["waitlisted"], decision="accept", by=organiser)
    waitlisted = Notification.objects.get(kind="waitlisted")

    assert notification_deliver(notification_id=waitlisted.pk) is False
    waitlisted.refresh_from_db()
    assert waitlisted.status == "failed"
    assert mailoutbox == []


def test_deliver_with_the_mail_server_down_keeps_the_message_queued_with_the_error(decided, organiser, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    notifications_prepare(conference=decided["accepted"].conference, by=organiser)
    notification = Notification.objects.first()

    with pytest.raises(MailServerUnavailable):
        notification_deliver(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.status == "queued" and notification.error and notification.sent_at is None


def test_bulk_notification_of_600_speakers_runs_as_a_celery_batch(
    conference, catalogue, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    speakers = [EmailAddressFactory().user for _ in range(600)]
    submissions = [
        SubmissionFactory(conference=conference, speakers=[speaker], state=State.REJECTED, **catalogue)
        for speaker in speakers
    ]
    assert notifications_prepare(conference=conference, by=organiser) == 600
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        batch = notifications_send(conference=conference, by=organiser)

    # The request only queues the task; the (eager, in tests) Celery task sends the 600 mails.
    assert len(callbacks) == 1
    assert batch.total == 600
    assert len(mailoutbox) == 600
    assert Notification.objects.filter(status="sent").count() == 600
    assert len(set(PassCode.objects.values_list("code", flat=True))) == len(submissions)


# --- Codes ---------------------------------------------------------------------------------------


def test_codes_are_unique_random_and_not_guessable(conference, catalogue, organiser):
    codes = [
        pass_code_issue(
            submission=SubmissionFactory(conference=conference, **catalogue),
            speaker=EmailAddressFactory().user,
            kind="pass",
            by=organiser,
        ).code
        for _ in range(50)
    ]

    assert len(set(codes)) == 50
    assert all(len(code) == 16 for code in codes)


def test_code_issue_twice_returns_the_same_code(submitted, speaker, organiser):
    first = pass_code_issue(submission=submitted, speaker=speaker, kind="pass", by=organiser)

    assert pass_code_issue(submission=submitted, speaker=speaker, kind="pass", by=organiser) == first


def test_code_redeem_once_then_refused(submitted, speaker, organiser, event_types):
    code = pass_code_issue(submission=submitted, speaker=speaker, kind="pass", by=organiser)

    pass_code_redeem(conference=submitted.conference, code=code.code.lower(), reference="ORDER-1", by=organiser)

    with pytest.raises(CodeAlreadyRedeemed, match="already used"):
        pass_code_redeem(conference=submitted.conference, code=code.code, reference="ORDER-2", by=organiser)
    code.refresh_from_db()
    assert code.redeemed_reference == "ORDER-1"
    assert event_types().count("summit.review.pass_code.redeemed.v1") == 1


def test_code_redeem_unknown_is_not_found(conference, organiser):
    with pytest.raises(PassCode.DoesNotExist):
        pass_code_redeem(conference=conference, code="NOPE", by=organiser)


@pytest.mark.django_db(transaction=True)
def test_code_redeem_concurrently_succeeds_once(submitted, speaker, organiser):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    code = pass_code_issue(submission=submitted, speaker=speaker, kind="pass", by=organiser)
    results = []

    def redeem(reference):
        try:
            pass_code_redeem(conference=submitted.conference, code=code.code, reference=reference, by=organiser)
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=redeem, args=(f"ORDER-{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["ok", "refused", "refused", "refused"]


# --- Reminders -----------------------------------------------------------------------------------


def _sent_acceptance(decided, organiser, days_ago):
    conference = decided["accepted"].conference
    notifications_prepare(conference=conference, by=organiser)
    for notification in Notification.objects.all():
        notification_deliver(notification_id=notification.pk)
    Notification.objects.filter(kind="accepted").update(sent_at=timezone.now() - dt.timedelta(days=days_ago))


def test_reminders_go_once_to_unconfirmed_speakers(decided, organiser, mailoutbox):
    review_settings_update(conference=decided["accepted"].conference, by=organiser, reminder_after_days=7)
    _sent_acceptance(decided, organiser, days_ago=8)
    mailoutbox.clear()

    assert reminders_send() == 2
    assert reminders_send() == 0
    assert sorted(m.to[0] for m in mailoutbox) == ["grace@summit.test", "speaker@summit.test"]
    assert Notification.objects.filter(kind="reminder", status="sent").count() == 2


def test_reminders_wait_the_configured_days(decided, organiser, mailoutbox):
    _sent_acceptance(decided, organiser, days_ago=3)
    mailoutbox.clear()

    assert reminders_send() == 0


def test_reminders_skip_confirmed_talks(decided, organiser, speaker, mailoutbox):
    from review.services.decisions import decision_respond

    _sent_acceptance(decided, organiser, days_ago=8)
    decision_respond(submission=decided["accepted"], confirm=True, by=speaker)
    mailoutbox.clear()

    assert reminders_send() == 0


def test_send_emits_the_batch_event(decided, organiser, event_types):
    notifications_prepare(conference=decided["accepted"].conference, by=organiser)

    notifications_send(conference=decided["accepted"].conference, by=organiser)

    assert event_types()[-1] == "summit.review.notification_batch.started.v1"


def test_reminder_task_runs_the_reminders(decided, organiser, mailoutbox):
    from review.tasks import send_confirmation_reminders

    _sent_acceptance(decided, organiser, days_ago=30)
    mailoutbox.clear()

    assert send_confirmation_reminders.delay().get() == 2
    # Each in the recipient's language: Grace reads French.
    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert "Merci de confirmer" in subjects.pop("grace@summit.test")
    assert all("Please confirm" in subject for subject in subjects.values()) and len(subjects) == 1


def test_migration_turns_queued_escaped_subjects_back_into_text(decided, organiser):
    from django.apps import apps

    migration = importlib.import_module("review.migrations.0002_notification_subject_plain_text")
    notifications_prepare(conference=decided["accepted"].conference, by=organiser)
    Notification.objects.update(subject="[Summit] “Kafka&#x27;s &lt;fast&gt; &amp;amp; loose”")

    migration.unescape_subjects(apps, None)

    assert set(Notification.objects.values_list("subject", flat=True)) == {"[Summit] “Kafka's <fast> &amp; loose”"}
