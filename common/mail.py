"""Durable outgoing e-mail: every mail is a row (`OutgoingMail`) before anyone tries to send it,
so a mail server that is down for an hour, a worker killed mid-send or the eager profile's failing
SMTP loses nothing.

A mail leaves once: delivery claims the row (queued → sending) with one UPDATE and marks it sent
only after the mail server accepted the message. A server that is down or answers "try later"
(4xx) puts the row back in the queue with the error and a next try, backed off exponentially up to
an hour; the beat task `common.send_queued_mail` sends what is due, however long the outage lasts,
and re-queues rows a dead worker left "sending". Only a permanent refusal (5xx, a bad address)
marks the row failed. Each row has its own Message-ID, fixed when it was written, so the copy
resent after a worker died between the server's acceptance and the row's update is the same message
to the recipient's mail system, not a second one.

The review committee's decision e-mails (review.services.notifications) keep their own rows,
because organisers read them before sending; they share the error rules and Message-IDs here."""

import datetime as dt
import hashlib
import logging
import smtplib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from common.models import OutgoingMail

logger = logging.getLogger(__name__)
Status = OutgoingMail.Status
FIRST_RETRY_SECONDS = 60
MAX_RETRY_SECONDS = 3600
# A try that has not finished in this long died with its worker; the sweep queues the row again.
SENDING_STALE_AFTER = dt.timedelta(minutes=15)


class MailServerUnavailable(ConnectionError):
    """The mail server is down or asked to try later: the message is queued again, not failed.
    A ConnectionError, so the tasks' retry policy (common.retry) retries it with backoff."""


def is_temporary(error: Exception) -> bool:
    """True for what a later try can fix: no connection, a dropped one, a timeout, or a 4xx reply
    (RFC 5321's "transient negative completion"); a 5xx reply or a bad address is final."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(error, OSError)  # smtplib's other errors, refused connections and timeouts


def message_id(local_part: str) -> str:
    """An RFC 5322 Message-ID on the site's host name, the same at every try of one message."""
    return f"<{local_part}@{urlsplit(settings.SITE_URL).hostname or 'summit'}>"


def retry_delay(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), MAX_RETRY_SECONDS))


def mail_queue(
    *,
    key: str,
    kind: str,
    to: str,
    subject: str,
    body: str,
    conference_slug: str = "",
    attachment: tuple[str, str, str] | None = None,
) -> OutgoingMail:
    """Writes the mail (once per key: composing it again returns the row already written).
    `attachment` is (file name, content type, text)."""
    name, content_type, content = attachment or ("", "", "")
    digest = hashlib.sha256(key.encode()).hexdigest()[:24]
    mail, _created = OutgoingMail.objects.get_or_create(
        key=key,
        defaults={
            "kind": kind,
            "to": to,
            "subject": subject,
            "body": body,
            "conference_slug": conference_slug,
            "message_id": message_id(f"mail.{digest}"),
            "attachment_name": name,
            "attachment_type": content_type,
            "attachment": content,
        },
    )
    return mail


def _message(mail: OutgoingMail) -> EmailMessage:
    message = EmailMessage(subject=mail.subject, body=mail.body, to=[mail.to], headers={"Message-ID": mail.message_id})
    if mail.attachment_name:
        message.attach(mail.attachment_name, mail.attachment, mail.attachment_type)
    return message


def mail_deliver(*, mail_id: int, connection=None) -> bool:
    """Sends one queued mail; False when someone else has claimed it, it was sent already, or the
    mail server refused it for good. Raises MailServerUnavailable, with the row queued again for
    a later try, when the server could not take it now."""
    now = timezone.now()
    claimed = OutgoingMail.objects.filter(pk=mail_id, status=Status.QUEUED).update(
        status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    mail = OutgoingMail.objects.get(pk=mail_id)
    message = _message(mail)
    message.connection = connection
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 - any mail failure is recorded on the row, not raised
        temporary = is_temporary(error)
        OutgoingMail.objects.filter(pk=mail_id).update(
            status=Status.QUEUED if temporary else Status.FAILED,
            error=str(error)[:300] or type(error).__name__,
            next_attempt_at=timezone.now() + retry_delay(mail.attempts) if temporary else None,
        )
        if temporary:
            raise MailServerUnavailable(str(error)) from error
        logger.warning("The mail server refused %s for good: %s", mail, error)
        return False
    OutgoingMail.objects.filter(pk=mail_id).update(status=Status.SENT, sent_at=timezone.now(), error="")
    return True


def mail_send_now(mails: list[OutgoingMail]) -> int:
    """A first try at once, over one connection; what the server cannot take now stays queued for
    the sweep. Never raises for the mail server: the rows are written, so nothing is lost."""
    pending = [mail.pk for mail in mails if mail.status == Status.QUEUED]
    if not pending:
        return 0
    connection = get_connection()
    sent = 0
    try:
        for mail_id in pending:
            try:
                sent += mail_deliver(mail_id=mail_id, connection=connection)
            except MailServerUnavailable:
                # The server is down: the rest wait too, with the same error, instead of each timing out.
                rest = pending[pending.index(mail_id) + 1 :]
                error = OutgoingMail.objects.filter(pk=mail_id).values_list("error", flat=True).first() or ""
                OutgoingMail.objects.filter(pk__in=rest, status=Status.QUEUED).update(
                    error=error, next_attempt_at=timezone.now() + retry_delay(1)
                )
                break
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - closing a connection that never opened
            logger.debug("Closing the mail connection failed", exc_info=True)
    return sent


def mail_queue_and_send(mails: list[dict]) -> list[OutgoingMail]:
    """Writes each mail (see mail_queue), then tries to send them at once."""
    with transaction.atomic():
        rows = [mail_queue(**mail) for mail in mails]
    mail_send_now(rows)
    return rows


def mail_reclaim_stale(*, now: dt.datetime | None = None) -> int:
    """Queues again the rows left "sending" by a try that died with its worker."""
    now = now or timezone.now()
    return OutgoingMail.objects.filter(status=Status.SENDING, claimed_at__lt=now - SENDING_STALE_AFTER).update(
        status=Status.QUEUED, next_attempt_at=now, error="The try that was sending it stopped; sent again."
    )


def mail_send_due(*, now: dt.datetime | None = None, limit: int = 500, due_only: bool = True) -> int:
    """The sweep: sends the queued mails whose next try is due (every queued one with
    `due_only=False`), oldest first, and stops at the first sign of the mail server being down
    (the rest keep their time)."""
    now = now or timezone.now()
    mail_reclaim_stale(now=now)
    due = OutgoingMail.objects.filter(status=Status.QUEUED)
    if due_only:
        due = due.filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    return mail_send_now(list(due.order_by("id")[:limit]))
