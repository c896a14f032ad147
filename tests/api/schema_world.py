"""What the schema fuzz tests run against: a public and a private conference with something in
every list the API serves, and the path parameters that reach those objects.

Random slugs, ids and codes would almost always answer 404, leaving the code behind each URL
untested; `known_path_parameters` gives schemathesis the real ones to mix with its own."""

import datetime as dt
import functools
import re

from django.core.files.base import ContentFile
from django.utils import timezone

from demo.slides import render_deck
from schedule.models import ScheduleSlot
from schedule.services.releases import release_publish
from schedule.services.slots import slot_place_talk
from slides.models import Status
from tests.factories import (
    BookingFactory,
    ConferenceFactory,
    ConferenceRoleFactory,
    DeadlineExtensionFactory,
    LevelFactory,
    OfficeHoursSettingsFactory,
    RoomFactory,
    ScheduleSlotFactory,
    SlideVersionFactory,
    SlotFactory,
    SubmissionTypeFactory,
    TalkSlidesFactory,
    TrackFactory,
    UserFactory,
)
from tests.factories.cfp import SubmissionFactory
from tests.factories.review import PassCodeFactory, ReviewPhaseFactory, ScoreCategoryFactory
from tests.factories.webhooks import WebhookDeliveryFactory

PRIVATE_SLUG = "private-summit"

# Path templates → the path parameters of the objects that exist, filled by `build_world`.
_known: dict[str, list[dict]] = {}


@functools.cache
def _deck() -> bytes:
    return render_deck("A fuzzed deck", 2)


def _conference_objects(conference, organiser) -> dict:
    now = timezone.now()
    conference.cfp_opens_at = now - dt.timedelta(days=1)
    conference.cfp_closes_at = now + dt.timedelta(days=20)
    conference.start_date = (now + dt.timedelta(days=40)).date()
    conference.end_date = conference.start_date + dt.timedelta(days=1)
    conference.slides_draft_deadline = now + dt.timedelta(days=30)
    conference.save()
    track = TrackFactory(conference=conference)
    room = RoomFactory(conference=conference)
    submission_type = SubmissionTypeFactory(conference=conference)
    level = LevelFactory(conference=conference)
    catalogue = {"track": track, "submission_type": submission_type, "level": level}
    speaker = UserFactory()
    draft = SubmissionFactory(conference=conference, speakers=[organiser], state="draft", abstract="A", **catalogue)
    submitted = SubmissionFactory(conference=conference, speakers=[speaker], abstract="B", **catalogue)
    talk = SubmissionFactory(conference=conference, speakers=[speaker], state="confirmed", abstract="C", **catalogue)
    ReviewPhaseFactory(conference=conference)
    ScoreCategoryFactory(conference=conference)
    pass_code = PassCodeFactory(submission=talk)
    OfficeHoursSettingsFactory(conference=conference)
    slot = SlotFactory(conference=conference)
    booking = BookingFactory(slot=SlotFactory(conference=conference), speaker=organiser)
    starts_at = dt.datetime.combine(conference.start_date, dt.time(10, 0), tzinfo=conference.tzinfo)
    slot_place_talk(conference=conference, submission=talk, room=room, starts_at=starts_at, by=organiser)
    release_publish(conference=conference, version="v1", by=organiser, notify=False)
    block = ScheduleSlotFactory(conference=conference, kind=ScheduleSlot.Kind.BREAK)
    # A version row with a real PDF behind it; the upload service's checks and thumbnail are
    # tested with the slides app, and would make each test here half a second slower.
    deck = _deck()
    version = SlideVersionFactory(
        talk=TalkSlidesFactory(submission=talk, status=Status.DRAFT_IN),
        number=1,
        file=ContentFile(deck, name="deck.pdf"),
        size_bytes=len(deck),
        page_count=2,
        uploaded_by=speaker,
    )
    DeadlineExtensionFactory(talk=version.talk, kind="final", until=now + dt.timedelta(days=35))
    webhook_delivery = WebhookDeliveryFactory(endpoint__conference=conference, endpoint__url="https://93.184.215.14/h")
    return {
        "webhook": webhook_delivery.endpoint_id,
        "webhook_delivery": webhook_delivery.pk,
        "track": track.pk,
        "room": room.pk,
        "submission_type": submission_type.pk,
        "level": level.pk,
        "draft": draft.code,
        "submitted": submitted.code,
        "talk": talk.code,
        "pass_code": pass_code.code,
        "slot": slot.code,
        "booking": booking.code,
        "block": block.pk,
        "version": version.number,
    }


def build_world(conference, organiser) -> None:
    """Fills the two conferences; the organiser is on the team of both."""
    private = ConferenceFactory(slug=PRIVATE_SLUG, is_public=False)
    ConferenceRoleFactory(conference=private, user=organiser)
    _known.clear()
    for slug, objects in [
        (conference.slug, _conference_objects(conference, organiser)),
        (private.slug, _conference_objects(private, organiser)),
    ]:
        for template, values in _templates(objects).items():
            _known.setdefault(template, []).append({"conference_slug": slug} | values)
        _known.setdefault("/api/conferences/{slug}/", []).append({"slug": slug})


def forget_world() -> None:
    _known.clear()


def _templates(o: dict) -> dict[str, dict]:
    base = "/api/conferences/{conference_slug}"
    talk = f"{base}/slides/talks/{{code}}"
    version = f"{talk}/versions/{{number}}"
    rows = {
        f"{base}/tracks/{{id}}/": {"id": o["track"]},
        f"{base}/rooms/{{id}}/": {"id": o["room"]},
        f"{base}/submission-types/{{id}}/": {"id": o["submission_type"]},
        f"{base}/levels/{{id}}/": {"id": o["level"]},
        f"{base}/schedule/slots/{{id}}/": {"id": o["block"]},
        f"{base}/office-hours/slots/{{code}}/": {"code": o["slot"]},
        f"{base}/pass-codes/{{code}}/": {"code": o["pass_code"]},
        f"{base}/pass-codes/{{code}}/redeem/": {"code": o["pass_code"]},
        f"{base}/review/submissions/{{code}}/": {"code": o["submitted"]},
        f"{base}/schedule/favourites/{{code}}/": {"code": o["talk"]},
        f"{base}/slides/publication/{{code}}/": {"code": o["talk"]},
        f"{base}/slides/videos/{{code}}/": {"code": o["talk"]},
        f"{talk}/": {"code": o["talk"]},
        f"{talk}/extensions/": {"code": o["talk"]},
        f"{talk}/reminders/": {"code": o["talk"]},
        f"{talk}/versions/": {"code": o["talk"]},
        f"{base}/webhooks/{{id}}/": {"id": o["webhook"]},
        f"{base}/webhooks/{{id}}/deliveries/": {"id": o["webhook"]},
        f"{base}/webhooks/{{id}}/rotate-secret/": {"id": o["webhook"]},
        f"{base}/webhooks/{{id}}/deliveries/{{delivery_id}}/resend/": {
            "id": o["webhook"],
            "delivery_id": o["webhook_delivery"],
        },
    }
    for suffix in ["", "submit/", "withdraw/"]:
        rows[f"{base}/submissions/{{code}}/{suffix}"] = {"code": o["draft"]}
    for suffix in ["", "cancel/", "reschedule/"]:
        rows[f"{base}/office-hours/bookings/{{code}}/{suffix}"] = {"code": o["booking"]}
    for suffix in ["", "comments/", "download/", "reviews/"]:
        rows[f"{version}/{suffix}"] = {"code": o["talk"], "number": o["version"]}
    return rows


def known_path_parameters(path: str) -> list[dict]:
    """The path parameters of existing objects for this path template (conference-wide ones for the
    lists under a conference)."""
    if path in _known:
        return _known[path]
    if re.fullmatch(r"/api/conferences/\{conference_slug\}/[^{}]+", path):
        return [{"conference_slug": slug} for slug in _conference_slugs()]
    return []


def _conference_slugs() -> list[str]:
    return [row["slug"] for row in _known.get("/api/conferences/{slug}/", [])]
