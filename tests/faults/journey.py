"""A scripted user journey through Summit, run while a part of it is broken (tests/faults).

`stage()` builds what the journey needs through factories and services: a public conference with
its schedule released, a speaker with a draft, a mentor's open slot, decided proposals with their
e-mails queued. `walk(stage, client_for)` then plays the journey, each step over HTTP through
Django's test client, and returns each step's answer; `Outcome` says what it changed, for the
test to check that nothing was lost once the broken part is back.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from cfp.models import Submission
from conference.models import Conference, ConferenceRole
from office_hours.models import Booking, Slot
from office_hours.services.slots import SlotPlan, slots_publish
from review.models import Notification
from review.services.decisions import decision_make
from review.services.notifications import notifications_prepare
from schedule.services.releases import release_publish
from schedule.services.slots import slot_place_talk
from tests.factories import (
    ConferenceRoleFactory,
    EmailAddressFactory,
    LevelFactory,
    OfficeHoursSettingsFactory,
    RoomFactory,
    SubmissionTypeFactory,
    TrackFactory,
)
from tests.factories.accounts import PASSWORD, ApiTokenFactory
from tests.factories.cfp import SubmissionFactory

# What a journey's pages must answer, step by step, whatever is broken behind them.
EXPECTED = {
    "anonymous reads the schedule": 200,
    "anonymous reads a talk": 200,
    "anonymous downloads the iCal": 200,
    "speaker signs in": 302,
    "speaker opens their draft": 200,
    "speaker saves their draft": 302,
    "speaker books an office hour (API)": 201,
    "organiser sends the decision e-mails": 302,
    "organiser reads the outbox": 200,
}


@dataclass
class Stage:
    conference: Conference
    organiser: object
    speaker: object
    draft_code: str
    draft_form: dict
    talk_code: str
    slot: Slot
    mailed: list[str]  # who the queued decision e-mails go to


@dataclass
class Outcome:
    answers: dict[str, int] = field(default_factory=dict)
    draft_title: str = ""
    booking_code: str = ""


def stage(conference: Conference) -> Stage:
    now = timezone.now()
    conference.cfp_opens_at, conference.cfp_closes_at = now - dt.timedelta(days=7), now + dt.timedelta(days=30)
    conference.start_date, conference.end_date = dt.date(2030, 9, 30), dt.date(2030, 10, 1)
    conference.save()
    organiser = ConferenceRoleFactory(
        conference=conference, role=ConferenceRole.Role.ORGANISER, user=EmailAddressFactory().user
    ).user
    catalogue = {
        "track": TrackFactory(conference=conference),
        "submission_type": SubmissionTypeFactory(conference=conference),
        "level": LevelFactory(conference=conference),
    }
    speaker = EmailAddressFactory(user__email="journey-speaker@summit.test").user
    draft = SubmissionFactory(conference=conference, speakers=[speaker], state="draft", **catalogue)
    room = RoomFactory(conference=conference)
    talk = SubmissionFactory(conference=conference, state="confirmed", **catalogue)
    starts_at = dt.datetime(2030, 9, 30, 10, 0, tzinfo=dt.UTC)
    slot_place_talk(conference=conference, submission=talk, room=room, starts_at=starts_at, by=organiser)
    release_publish(conference=conference, version="v1", by=organiser)
    mailed = []
    for decision in ("accept", "reject"):
        decided = SubmissionFactory(conference=conference, state="submitted", **catalogue)
        decision_make(submission=decided, decision=decision, by=organiser)
        mailed.append(decided.speakers.get().email)
    notifications_prepare(conference=conference, by=organiser)
    OfficeHoursSettingsFactory(conference=conference)
    mentor = ConferenceRoleFactory(
        conference=conference, role=ConferenceRole.Role.MENTOR, user=EmailAddressFactory().user
    ).user
    plan = SlotPlan(
        kind="office_hours",
        first_date=(now + dt.timedelta(days=2)).date(),
        start_time=dt.time(15, 0),
        end_time=dt.time(15, 20),
        duration_minutes=20,
        capacity=1,
        video_url="https://meet.example.org/mentor",
    )
    slot = slots_publish(conference=conference, mentor=mentor, plan=plan)[0]
    form = {
        "title": draft.title,
        "abstract": draft.abstract,
        "description": "",
        "submission_type": catalogue["submission_type"].pk,
        "track": catalogue["track"].pk,
        "level": catalogue["level"].pk,
        "language": "en",
        "video_url": "",
        "slides_url": "",
        "notes": "",
        "action": "draft",
    }
    return Stage(conference, organiser, speaker, draft.code, form, talk.code, slot, sorted(mailed))


def walk(stage: Stage, client_for, *, label: str = "journey") -> Outcome:
    """Plays the journey once; `label` goes into the draft's new title, so two walks differ."""
    slug = stage.conference.slug
    outcome = Outcome()

    def client(user):
        # A step that fails answers its 500 instead of raising, so the journey goes on to the end.
        made = client_for(user)
        made.raise_request_exception = False
        return made

    answers = outcome.answers
    anonymous = client(None)
    answers["anonymous reads the schedule"] = anonymous.get(reverse("schedule:grid", args=[slug])).status_code
    talk = reverse("schedule:talk", kwargs={"slug": slug, "code": stage.talk_code})
    answers["anonymous reads a talk"] = anonymous.get(talk).status_code
    answers["anonymous downloads the iCal"] = anonymous.get(reverse("schedule:export-ics", args=[slug])).status_code

    speaker = client(None)
    signed_in = speaker.post(reverse("account_login"), {"login": stage.speaker.email, "password": PASSWORD})
    answers["speaker signs in"] = signed_in.status_code
    draft = reverse("cfp:submission", args=[stage.draft_code])
    answers["speaker opens their draft"] = speaker.get(draft).status_code
    outcome.draft_title = f"Exactly-once, {label}"
    saved = speaker.post(draft, stage.draft_form | {"title": outcome.draft_title})
    answers["speaker saves their draft"] = saved.status_code

    api = APIClient(raise_request_exception=False)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {ApiTokenFactory(user=stage.speaker).secret}")
    bookings = reverse("office-hours-booking-list", kwargs={"conference_slug": slug})
    booked = api.post(bookings, {"slot": stage.slot.code, "note": "Help with my abstract."}, format="json")
    answers["speaker books an office hour (API)"] = booked.status_code
    outcome.booking_code = booked.json().get("code", "") if booked.status_code == 201 else ""

    organiser = client(stage.organiser)
    # Sending is irreversible: the page asks first, and the organiser confirms.
    sent = organiser.post(reverse("review-manage:send", args=[slug]), {"confirmed": "yes"})
    answers["organiser sends the decision e-mails"] = sent.status_code
    answers["organiser reads the outbox"] = organiser.get(reverse("review-manage:outbox", args=[slug])).status_code
    return outcome


def nothing_lost(stage: Stage, outcome: Outcome) -> None:
    """The journey's writes are all in the database."""
    assert Submission.objects.get(code=stage.draft_code).title == outcome.draft_title
    assert Booking.objects.filter(code=outcome.booking_code, slot=stage.slot, speaker=stage.speaker).count() == 1
    assert Notification.objects.filter(conference=stage.conference).count() == len(stage.mailed)
