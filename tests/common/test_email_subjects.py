"""Every e-mail Summit sends is plain text: a title or a conference name with `'`, `&` and `<`
reaches the reader as typed, in the subject and the body, never HTML-escaped."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.test.signals import template_rendered
from django.utils import timezone

from cfp import emails as cfp_emails
from office_hours import emails as office_hours_emails
from review import emails as review_emails
from review.models import Clarification
from schedule import emails as schedule_emails
from schedule import notice_emails
from schedule.models import ChangeNotice, ScheduleRelease
from schedule.services.releases import release_publish
from schedule.services.rsvp import reservation_create, seating_configure
from schedule.services.slots import slot_place_talk
from slides import emails as slides_emails
from slides.models import LateDigest, SlideReminder
from tests.factories import (
    BookingFactory,
    ConferenceFactory,
    ConferenceRoleFactory,
    RoomFactory,
    TalkSlidesFactory,
    UserFactory,
)
from tests.factories.cfp import CoSpeakerInvitationFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

TITLE = "Kafka's <fast> & loose streams"
CONFERENCE = "O'Brien & <Friends> Summit"
ESCAPES = ("&#x27;", "&#39;", "&amp;", "&lt;", "&gt;", "&quot;")


@pytest.fixture
def rendered_subjects():
    """The names of the subject templates rendered during the test."""
    names: set[str] = set()

    def record(sender, template, context, **kwargs) -> None:
        if template.name and template.name.endswith("_subject.txt"):
            names.add(template.name)

    template_rendered.connect(record, dispatch_uid="tests-subject-templates")
    yield names
    template_rendered.disconnect(dispatch_uid="tests-subject-templates")


@pytest.fixture
def tricky():
    conference = ConferenceFactory(name=CONFERENCE, slug="obrien-friends")
    speaker = UserFactory(email="ada@summit.test", name="Ada O'Hara & Co")
    submission = SubmissionFactory(conference=conference, title=TITLE, speakers=[speaker], state="accepted")
    return conference, speaker, submission


def _every_email(conference, speaker, submission) -> list[tuple[str, str]]:
    """Sends each e-mail of every app once (the functions the tasks call) and returns what the
    review committee queues for the organisers' outbox, which is sent later as it was rendered."""
    cfp_emails.send_submission_received(submission)
    cfp_emails.send_cospeaker_invitation(CoSpeakerInvitationFactory(submission=submission))

    review_context = {"submission": submission, "conference": conference, "speaker": speaker, "url": "u"}
    queued = [
        review_emails.render(kind, locale="en", context=review_context | {"comments": [], "code": None})
        for kind in ("accepted", "rejected", "waitlisted", "reminder")
    ]
    review_emails.send_clarification_asked(
        Clarification.objects.create(submission=submission, asked_by=UserFactory(), question="Why?")
    )

    booking = BookingFactory(slot__conference=conference, speaker=speaker)
    office_hours_emails.send_booking_invite(booking)
    office_hours_emails.send_booking_reminder(booking, "1h")
    office_hours_emails.send_booking_reminder(booking, "1d")
    booking.status = booking.Status.CANCELLED
    office_hours_emails.send_booking_cancelled(booking)

    where = {"starts_at": "2030-09-30T09:00:00+00:00", "ends_at": "2030-09-30T09:40:00+00:00", "room": "Room <A>"}
    later = {**where, "starts_at": "2030-09-30T11:00:00+00:00", "ends_at": "2030-09-30T11:40:00+00:00"}
    entry = {"code": submission.code, "title": TITLE}
    release = ScheduleRelease.objects.create(
        conference=conference,
        version="v1",
        published_at=timezone.now(),
        snapshot={},
        changelog={
            "added": [entry | {"to": where}],
            "moved": [entry | {"from": where, "to": later}],
            "cancelled": [entry | {"from": where}],
        },
    )
    schedule_emails.send_release_notifications(release)
    notice_emails.send_change_notice(ChangeNotice.objects.create(release=release, user=speaker, codes=[entry["code"]]))
    _send_reservation_mail(conference, speaker, submission)

    talk = TalkSlidesFactory(submission=submission)
    deadline = timezone.now() + dt.timedelta(days=2)
    for kind, days in (("draft", 0), ("draft", 2), ("final", 1)):
        reminder = SlideReminder.objects.create(talk=talk, kind=kind, days_before=days, deadline=deadline)
        slides_emails.send_reminder(reminder)
    ConferenceRoleFactory(conference=conference, role="organiser")
    slides_emails.send_late_digest(LateDigest.objects.create(conference=conference, day=dt.date.today(), late_count=1))
    return queued


def _send_reservation_mail(conference, speaker, submission) -> None:
    """A seat at the talk, in a release of its own (the seat mail reads the talk from the release)."""
    organiser = ConferenceRoleFactory(conference=conference, role="organiser").user
    starts_at = dt.datetime.combine(conference.start_date, dt.time(10, 0), tzinfo=conference.tzinfo)
    slot_place_talk(
        conference=conference,
        submission=submission,
        room=RoomFactory(conference=conference),
        starts_at=starts_at,
        by=organiser,
    )
    released = release_publish(conference=conference, version="v-seats", by=organiser)
    seating = seating_configure(submission=submission, rsvp_required=True, capacity=5, by=organiser)
    reservation = reservation_create(seating=seating, user=speaker, now=starts_at - dt.timedelta(days=1))
    notice_emails.send_reservation_update(reservation, released)


def test_every_email_subject_and_body_is_plain_text(tricky, mailoutbox, rendered_subjects):
    queued = _every_email(*tricky)

    subjects = [message.subject for message in mailoutbox] + [subject for subject, _body in queued]
    bodies = [message.body for message in mailoutbox] + [body for _subject, body in queued]
    assert [s for s in subjects if CONFERENCE not in s or any(e in s for e in ESCAPES)] == []
    assert [s for s in subjects if "\n" in s or "  " in s] == []
    assert [b for b in bodies if any(e in b for e in ESCAPES)] == []
    titled = [s for s in subjects if "“" in s]
    # received; the four decisions; a question; added, moved, cancelled; a seat (the digest names no title)
    assert len(titled) == 1 + 4 + 1 + 3 + 1
    assert all(f"“{TITLE}”" in s for s in titled)


def test_every_subject_template_is_sent_by_the_test_above(tricky, mailoutbox, rendered_subjects):
    _every_email(*tricky)

    templates = Path(settings.BASE_DIR) / "templates"
    every_subject = {str(path.relative_to(templates)) for path in templates.rglob("*_subject.txt")}
    # allauth's own subjects (account/email/…) are checked in tests/accounts.
    assert rendered_subjects - {n for n in rendered_subjects if n.startswith("account/")} == every_subject


def test_subject_of_a_title_with_a_newline_is_one_line(tricky, mailoutbox):
    conference, speaker, submission = tricky
    submission.title = "Two\nlines"

    cfp_emails.send_submission_received(submission)

    assert mailoutbox[0].subject == f"[{CONFERENCE}] We received “Two lines”"
