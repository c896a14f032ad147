"""common.mail: every e-mail is a row first, sent once, marked sent only when the server took it."""

import datetime as dt
import smtplib
from io import StringIO

import pytest
from django.core import mail as django_mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from common.mail import MailServerUnavailable, mail_deliver, mail_queue, mail_queue_and_send, mail_send_due
from common.models import OutgoingMail
from tests.factories import ConferenceFactory, UserFactory

pytestmark = pytest.mark.django_db
LATER = dt.timedelta(hours=2)


def queue(key: str = "test.mail:1", **extra) -> OutgoingMail:
    return mail_queue(
        **{"conference_slug": "conf"} | extra,
        key=key,
        kind="test.mail",
        to="ada@summit.test",
        subject="Hello",
        body="Body",
    )


class RefusingBackend:
    """A mail connection whose server answers `code` to every message."""

    def __init__(self, code: int) -> None:
        self.code = code

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"ada@summit.test": (self.code, b"no")})


def test_composing_the_same_mail_again_finds_the_row_and_sends_nothing_twice():
    first = mail_queue_and_send([{"key": "k:1", "kind": "test", "to": "a@summit.test", "subject": "S", "body": "B"}])
    again = mail_queue_and_send([{"key": "k:1", "kind": "test", "to": "a@summit.test", "subject": "S", "body": "B"}])

    assert first[0].pk == again[0].pk
    assert len(django_mail.outbox) == 1
    assert django_mail.outbox[0].extra_headers["Message-ID"] == first[0].message_id
    sent = OutgoingMail.objects.get()
    assert (sent.status, sent.attempts, sent.error) == ("sent", 1, "")
    assert sent.sent_at is not None


def test_a_try_later_answer_keeps_the_mail_queued_with_its_error_and_a_later_try():
    mail = queue()

    with pytest.raises(MailServerUnavailable):
        mail_deliver(mail_id=mail.pk, connection=RefusingBackend(451))

    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.sent_at) == ("queued", 1, None)
    assert "451" in mail.error
    assert mail.next_attempt_at > timezone.now()
    assert mail_send_due() == 0  # not due yet
    assert mail_send_due(now=timezone.now() + LATER) == 1
    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.error) == ("sent", 2, "")


def test_a_permanent_refusal_fails_the_mail_and_it_is_not_tried_again():
    mail = queue()

    assert mail_deliver(mail_id=mail.pk, connection=RefusingBackend(550)) is False

    mail.refresh_from_db()
    assert mail.status == "failed"
    assert mail_send_due(now=timezone.now() + LATER) == 0
    assert django_mail.outbox == []


def test_a_mail_left_sending_by_a_dead_worker_is_sent_again_with_the_same_message_id():
    mail = queue()
    # A worker claimed it and died before the row was updated.
    OutgoingMail.objects.filter(pk=mail.pk).update(status="sending", claimed_at=timezone.now(), attempts=1)

    assert mail_send_due() == 0  # a try may still be running
    assert mail_send_due(now=timezone.now() + LATER) == 1

    assert [message.extra_headers["Message-ID"] for message in django_mail.outbox] == [mail.message_id]
    assert mail_deliver(mail_id=mail.pk) is False  # sent: a second run does nothing


def test_the_attachment_is_sent_as_it_was_written():
    mail = queue(attachment=("invite.ics", "text/calendar; method=REQUEST", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"))

    mail_deliver(mail_id=mail.pk)

    [(name, content, content_type)] = django_mail.outbox[0].attachments
    assert (name, content_type) == ("invite.ics", "text/calendar; method=REQUEST")
    assert "BEGIN:VCALENDAR" in content


def test_the_outgoing_mail_page_shows_each_state(client_for, organiser, conference):
    sent = queue("m:sent", conference_slug=conference.slug)
    mail_deliver(mail_id=sent.pk)
    failing = queue("m:failing", conference_slug=conference.slug)
    with pytest.raises(MailServerUnavailable):
        mail_deliver(mail_id=failing.pk, connection=RefusingBackend(421))
    queue("m:queued", conference_slug=conference.slug)
    queue("m:other", conference_slug=ConferenceFactory().slug)

    page = client_for(organiser).get(reverse("conference:outgoing-mail", args=[conference.slug])).content.decode()

    assert "Sent: 1 · queued: 1 · not sent yet, retrying: 1 · refused: 0" in page
    assert page.count("Not sent yet, failing") == 1
    assert page.count("Queued, not sent yet") == 1
    assert "421" in page
    failing_only = client_for(organiser).get(
        reverse("conference:outgoing-mail", args=[conference.slug]), {"state": "failing"}
    )
    assert failing_only.content.decode().count("Not sent yet, failing") == 1
    assert "Queued, not sent yet" not in failing_only.content.decode()


@pytest.mark.parametrize("size", [1, 8])
def test_the_outgoing_mail_page_queries_do_not_grow_with_mails(
    django_assert_num_queries, client_for, organiser, conference, size
):
    for number in range(size):
        queue(f"m:{number}", conference_slug=conference.slug)
    client = client_for(organiser)
    client.get(reverse("conference:outgoing-mail", args=[conference.slug]))

    with django_assert_num_queries(QUERIES):
        response = client.get(reverse("conference:outgoing-mail", args=[conference.slug]))

    assert response.status_code == 200


QUERIES = 9


def test_the_outgoing_mail_page_is_the_organisers(client_for, conference):
    response = client_for(UserFactory()).get(reverse("conference:outgoing-mail", args=[conference.slug]))

    assert response.status_code == 403


def test_the_command_sends_every_queued_mail_due_or_not():
    mail = queue()
    with pytest.raises(MailServerUnavailable):
        mail_deliver(mail_id=mail.pk, connection=RefusingBackend(451))
    out = StringIO()

    call_command("send_queued_mail", stdout=out)

    assert "1 e-mail(s) sent, 0 still waiting" in out.getvalue()
    assert OutgoingMail.objects.get().status == "sent"
