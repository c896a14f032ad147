"""Telling speakers the decision: queue (rendered, with their codes) → organisers read the outbox →
send in bulk from Celery; and reminders to accepted speakers who have not confirmed.

A message leaves once: delivery first claims the row (queued → sending) with one UPDATE, the
(submission, recipient, kind) unique constraint stops a second copy being queued, and a row is
marked sent only once the mail server has accepted the message. A mail server that is down or
answers "try later" puts the row back in the queue and the task retries; only a permanent refusal
marks it failed. Each message has a Message-ID of its own row, so the one resent after a worker died
between the server's acceptance and the row's update is the same message to the recipient's mail
system, not a second one. The error rules and Message-IDs are common.mail's, which sends every
other e-mail the same way from its own rows."""

import datetime as dt

from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from cfp.models import Submission
from common.mail import MailServerUnavailable, is_temporary
from common.queueing import enqueue_on_commit
from conference.models import Conference
from events.services import emit
from review import emails
from review.models import Notification, NotificationBatch, PassCode, ReviewSettings
from review.selectors import review_settings_for
from review.services.codes import pass_code_issue
from review.tasks import send_notification_batch

State = Submission.State
KIND_OF_STATE = {
    State.ACCEPTED: Notification.Kind.ACCEPTED,
    State.REJECTED: Notification.Kind.REJECTED,
    State.WAITLISTED: Notification.Kind.WAITLISTED,
}
# States in which a queued message still tells the truth.
STILL_TRUE: dict[str, set[State]] = {
    Notification.Kind.ACCEPTED: {State.ACCEPTED, State.CONFIRMED, State.DECLINED},
    Notification.Kind.REJECTED: {State.REJECTED},
    Notification.Kind.WAITLISTED: {State.WAITLISTED},
    Notification.Kind.REMINDER: {State.ACCEPTED},
}
CHUNK = 100


def _render(kind: str, submission: Submission, speaker, code: PassCode | None, review_settings) -> tuple[str, str]:
    comments = [r.comment_to_speaker for r in submission.reviews.all() if r.comment_to_speaker.strip()]
    context = {
        "submission": submission,
        "conference": submission.conference,
        "speaker": speaker,
        "code": code,
        "comments": comments,
        "url": emails.portal_url(),
        "review_settings": review_settings,
    }
    return emails.render(kind, locale=speaker.locale, context=context)


def _decided(conference: Conference):
    return (
        Submission.objects.filter(conference=conference, state__in=KIND_OF_STATE)
        .select_related("conference", "track", "submission_type")
        .prefetch_related("speaker_links__user", "reviews")
        .order_by("pk")
    )


@transaction.atomic
def notifications_prepare(*, conference: Conference, by) -> int:
    """Queues one message per speaker of each decided submission that has none of that kind yet,
    issuing their codes. Nothing is sent: the organisers read the outbox first."""
    review_settings = review_settings_for(conference)
    existing = set(
        Notification.objects.filter(conference=conference).values_list("submission_id", "recipient_id", "kind")
    )
    with_pass = set(
        PassCode.objects.filter(conference=conference, kind=PassCode.Kind.PASS).values_list("speaker_id", flat=True)
    )
    # Accepted first, so a speaker with an accepted talk has their pass before a discount is considered.
    submissions = sorted(_decided(conference), key=lambda s: (s.state != State.ACCEPTED, s.pk))
    queued = dict.fromkeys(Notification.Kind.values, 0)
    for submission in submissions:
        kind = KIND_OF_STATE[submission.state]
        for link in submission.speaker_links.all():
            speaker = link.user
            if (submission.pk, speaker.pk, kind) in existing:
                continue
            code = None
            if kind == Notification.Kind.ACCEPTED:
                code = pass_code_issue(submission=submission, speaker=speaker, kind=PassCode.Kind.PASS, by=by)
                with_pass.add(speaker.pk)
            elif kind == Notification.Kind.REJECTED and speaker.pk not in with_pass:
                code = pass_code_issue(
                    submission=submission,
                    speaker=speaker,
                    kind=PassCode.Kind.DISCOUNT,
                    discount_percent=review_settings.discount_percent,
                    by=by,
                )
            subject, body = _render(kind, submission, speaker, code, review_settings)
            Notification.objects.create(
                conference=conference,
                submission=submission,
                recipient=speaker,
                kind=kind,
                locale=speaker.locale,
                subject=subject,
                body=body,
            )
            existing.add((submission.pk, speaker.pk, kind))
            queued[kind] += 1
    total = sum(queued.values())
    if total:
        emit(
            "summit.review.notification.queued.v1",
            subject=f"conference/{conference.slug}/review",
            data={"conference": conference.slug, "count": total, "by_kind": {k: v for k, v in queued.items() if v}},
            conference_slug=conference.slug,
            actor=by,
        )
    return total


@transaction.atomic
def notifications_send(*, conference: Conference, by) -> NotificationBatch | None:
    """Puts every queued message in a batch and sends it from Celery after commit. Messages an
    earlier batch could not send (the mail server was down past its retries) move to this one;
    each is still sent once, as delivery claims its row first."""
    pending = Notification.objects.select_for_update().filter(conference=conference, status=Notification.Status.QUEUED)
    ids = list(pending.values_list("pk", flat=True))
    if not ids:
        return None
    batch = NotificationBatch.objects.create(conference=conference, created_by=by, total=len(ids))
    Notification.objects.filter(pk__in=ids).update(batch=batch)
    emit(
        "summit.review.notification_batch.started.v1",
        subject=f"conference/{conference.slug}/review",
        data={"conference": conference.slug, "batch_id": batch.pk, "total": batch.total},
        conference_slug=conference.slug,
        actor=by,
    )
    enqueue_on_commit(send_notification_batch, batch.pk)
    return batch


def notification_deliver(*, notification_id: int, connection=None) -> bool:
    """Sends one queued message; False when someone else has claimed it (or it was sent already),
    or the mail server refused it for good. Raises MailServerUnavailable, with the row queued
    again, when the server could not take it now."""
    claimed = Notification.objects.filter(pk=notification_id, status=Notification.Status.QUEUED).update(
        status=Notification.Status.SENDING
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("submission__conference", "recipient").get(pk=notification_id)
    if notification.submission.state not in STILL_TRUE[notification.kind]:
        Notification.objects.filter(pk=notification_id).update(
            status=Notification.Status.FAILED, error="The decision changed after this message was queued."
        )
        return False
    try:
        message = emails.message(
            to=notification.recipient.email,
            subject=notification.subject,
            body=notification.body,
            message_id=emails.notification_message_id(notification.pk),
        )
        message.connection = connection
        message.send()
    except Exception as error:  # noqa: BLE001 - any mail failure is recorded on the row, not raised
        temporary = is_temporary(error)
        Notification.objects.filter(pk=notification_id).update(
            status=Notification.Status.QUEUED if temporary else Notification.Status.FAILED, error=str(error)[:300]
        )
        if temporary:
            raise MailServerUnavailable(str(error)) from error
        return False
    with transaction.atomic():
        now = timezone.now()
        Notification.objects.filter(pk=notification_id).update(status=Notification.Status.SENT, sent_at=now, error="")
        submission = notification.submission
        emit(
            "summit.review.notification.sent.v1",
            subject=submission.subject,
            data={
                "conference": submission.conference.slug,
                "submission": submission.code,
                "notification_id": notification.pk,
                "kind": notification.kind,
                "recipient_id": notification.recipient_id,
                "locale": notification.locale,
                "sent_at": now,
            },
            conference_slug=submission.conference.slug,
        )
    return True


def batch_reclaim(*, batch_id: int) -> int:
    """Queues again the batch's messages left "sending" by a run that died (a worker killed with
    its task unacknowledged: the broker delivers the task again). Call it only on such a
    redelivery, when no other run of the batch can be sending them."""
    return Notification.objects.filter(batch_id=batch_id, status=Notification.Status.SENDING).update(
        status=Notification.Status.QUEUED
    )


def batch_run(*, batch_id: int, connection=None) -> int:
    """Sends a batch's queued messages over one mail connection, chunk by chunk; safe to re-run.
    Stops at the first sign of the mail server being down (MailServerUnavailable, raised for the
    task to retry later); the batch is finished once none of its messages is left queued."""
    sent = 0
    connection = connection or get_connection()
    ids = list(
        Notification.objects.filter(batch_id=batch_id, status=Notification.Status.QUEUED).values_list("pk", flat=True)
    )
    if ids:
        try:
            connection.open()
        except Exception as error:
            if not is_temporary(error):
                raise
            # The organisers see why their messages are still queued.
            Notification.objects.filter(pk__in=ids, status=Notification.Status.QUEUED).update(error=str(error)[:300])
            raise MailServerUnavailable(str(error)) from error
    try:
        for start in range(0, len(ids), CHUNK):
            for notification_id in ids[start : start + CHUNK]:
                sent += notification_deliver(notification_id=notification_id, connection=connection)
    finally:
        connection.close()
    NotificationBatch.objects.filter(pk=batch_id).update(finished_at=timezone.now())
    return sent


def reminders_queue(*, now: dt.datetime | None = None) -> list[int]:
    """Queues one reminder per speaker of each accepted, unconfirmed submission whose acceptance was
    sent at least N days ago (N per conference). The unique constraint makes a second run a no-op."""
    now = now or timezone.now()
    queued = []
    accepted_mails = (
        Notification.objects.filter(
            kind=Notification.Kind.ACCEPTED, status=Notification.Status.SENT, submission__state=State.ACCEPTED
        )
        .select_related("submission__conference", "recipient")
        .order_by("pk")
    )
    days: dict[int, int] = dict(ReviewSettings.objects.values_list("conference_id", "reminder_after_days"))
    for accepted in accepted_mails:
        submission = accepted.submission
        wait = dt.timedelta(days=days.get(submission.conference_id, ReviewSettings().reminder_after_days))
        assert accepted.sent_at is not None  # a sent notification has its time
        if accepted.sent_at > now - wait:
            continue
        if Notification.objects.filter(
            submission=submission, recipient=accepted.recipient, kind=Notification.Kind.REMINDER
        ).exists():
            continue
        subject, body = emails.render(
            "reminder",
            locale=accepted.recipient.locale,
            context={
                "submission": submission,
                "conference": submission.conference,
                "speaker": accepted.recipient,
                "url": emails.portal_url(),
            },
        )
        with transaction.atomic():
            reminder, created = Notification.objects.get_or_create(
                submission=submission,
                recipient=accepted.recipient,
                kind=Notification.Kind.REMINDER,
                defaults={
                    "conference": submission.conference,
                    "locale": accepted.recipient.locale,
                    "subject": subject,
                    "body": body,
                },
            )
        if created:
            queued.append(reminder.pk)
    return queued


def reminders_send(*, now: dt.datetime | None = None) -> int:
    reminders_queue(now=now)
    pending = Notification.objects.filter(kind=Notification.Kind.REMINDER, status=Notification.Status.QUEUED)
    return sum(notification_deliver(notification_id=pk) for pk in pending.values_list("pk", flat=True))
