"""Every URL with an object in it × every role, GET only: the answer the table
(tests/permission_matrix.py) expects. One data set for the module, built once."""

import datetime as dt
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.text import slugify
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from PIL import Image

from conference.models import ConferenceRole
from demo.slides import render_deck
from office_hours.models import MentorFeed
from review.models import Conflict, Notification, NotificationBatch
from schedule.models import FeedToken, SpeakerUnavailability
from schedule.services.releases import release_publish
from schedule.services.rsvp import reservation_create, seating_configure
from schedule.services.slots import slot_place_talk
from slides.services.publication import reconcile
from slides.services.records import locked_talk_slides
from slides.services.uploads import version_upload
from tests.conftest import FAST_PASSWORD_HASHERS
from tests.factories import (
    ApiTokenFactory,
    ConferenceFactory,
    ConferenceRoleFactory,
    EmailAddressFactory,
    LevelFactory,
    RoomFactory,
    SpeakerProfileFactory,
    SubmissionTypeFactory,
    TrackFactory,
    UserFactory,
)
from tests.factories.cfp import CoSpeakerInvitationFactory, QuestionFactory, SubmissionFactory
from tests.factories.office_hours import BookingFactory, OfficeHoursSettingsFactory, SlotFactory
from tests.factories.review import (
    AssignmentFactory,
    ClarificationFactory,
    PassCodeFactory,
    ReviewPhaseFactory,
    ScoreCategoryFactory,
)
from tests.factories.schedule import ScheduleSlotFactory
from tests.factories.slides import SlideReviewerFactory, TalkSlidesFactory
from tests.factories.webhooks import WebhookDeliveryFactory, WebhookEndpointFactory
from tests.permission_matrix import EXPECTED, ROLES

Role = ConferenceRole.Role
FORMAT = "(?P<format>"


def _walk(resolver, prefix="", namespace=None):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from _walk(pattern, prefix + str(pattern.pattern), inner)
        else:
            name = ":".join(filter(None, [namespace, pattern.name])) if pattern.name else None
            yield prefix + str(pattern.pattern), name


def url_key(route: str, name: str | None) -> str:
    """A URL's row name: its name, `.<format>` added for DRF's format-suffix twin; an unnamed
    pattern (the admin's redirects, its catch-all) goes by its route."""
    if name is None:
        return route
    return f"{name}.<format>" if FORMAT in route and name != "api-root" else name


def urls_with_an_object() -> dict[str, str]:
    """Row name → route, for every route (site-wide) that carries an argument."""
    return {url_key(route, name): route for route, name in _walk(get_resolver()) if "<" in route or "(?P" in route}


def test_every_url_with_an_object_has_a_row():
    assert sorted(set(urls_with_an_object()) - set(EXPECTED)) == []
    assert sorted(set(EXPECTED) - set(urls_with_an_object())) == []  # no row for a URL that is gone


def test_no_two_urls_share_a_row():
    routes = [(route, name) for route, name in _walk(get_resolver()) if "<" in route or "(?P" in route]
    assert len({url_key(route, name) for route, name in routes}) == len(routes)


@pytest.fixture(scope="module")
def storage(tmp_path_factory):
    """The module's uploads (slide decks, photos): one folder, as the data set is built once."""
    folder = tmp_path_factory.mktemp("matrix")
    return {"MEDIA_ROOT": folder / "media", "slides": folder / "slides"}


def _stored_in(storage):
    from django.conf import settings

    return {
        "MEDIA_ROOT": storage["MEDIA_ROOT"],
        "STORAGES": {
            **settings.STORAGES,
            "slides": {**settings.STORAGES["slides"], "OPTIONS": {"location": storage["slides"]}},
        },
    }


def _photo() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="ada.png")


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker, storage):
    """The module's data set: a public conference with a person per role and an object of each kind,
    its schedule released, slides uploaded, and the admin's objects."""
    with django_db_blocker.unblock(), override_settings(**_stored_in(storage)), transaction.atomic():
        now = timezone.now()
        conference = ConferenceFactory(
            slug="matrix",
            is_public=True,
            start_date=(now + dt.timedelta(days=30)).date(),
            end_date=(now + dt.timedelta(days=31)).date(),
            slides_draft_deadline=now + dt.timedelta(days=10),
        )
        other = ConferenceFactory(slug="matrix-other", is_public=True)
        people = {role: UserFactory(email=f"{role}@matrix.test") for role in ROLES if role != "anonymous"}
        people["admin"].is_staff = people["admin"].is_superuser = True
        people["admin"].save()
        speaker = people["speaker"]
        address = EmailAddressFactory(user=speaker)
        profile = SpeakerProfileFactory(user=speaker)
        profile.photo.save("ada.png", _photo())
        attendee_role = ConferenceRoleFactory(conference=conference, user=people["attendee"], role=Role.ATTENDEE)
        ConferenceRoleFactory(conference=conference, user=people["conflicted_reviewer"], role=Role.REVIEWER)
        ConferenceRoleFactory(conference=conference, user=people["mentor"], role=Role.MENTOR)
        ConferenceRoleFactory(conference=conference, user=people["organiser"], role=Role.ORGANISER)
        ConferenceRoleFactory(conference=other, user=people["other_organiser"], role=Role.ORGANISER)
        track = TrackFactory(conference=conference)
        submission = SubmissionFactory(conference=conference, speakers=[speaker], track=track)
        SubmissionFactory(conference=conference, speakers=[people["other_speaker"]], track=track)
        Conflict.objects.create(reviewer=people["conflicted_reviewer"], submission=submission, reason="Colleague")
        talk = SubmissionFactory(conference=conference, speakers=[speaker], track=track, state="accepted")
        TalkSlidesFactory(submission=talk)
        Conflict.objects.create(reviewer=people["conflicted_reviewer"], submission=talk, reason="Colleague")
        deck = SimpleUploadedFile("deck.pdf", render_deck("Matrix", 2), content_type="application/pdf")
        version = version_upload(submission=talk, user=speaker, file=deck, kind="draft")
        # a second talk, its final deck published after the talk: the public deck's URL
        published = SubmissionFactory(conference=conference, speakers=[speaker], track=track, state="accepted")
        deck = SimpleUploadedFile("deck.pdf", render_deck("Published", 2), content_type="application/pdf")
        version_upload(submission=published, user=speaker, file=deck, kind="final")
        room = RoomFactory(conference=conference)
        starts_at = dt.datetime.combine(conference.start_date, dt.time(10), tzinfo=dt.UTC)
        slot_place_talk(conference=conference, submission=talk, room=room, starts_at=starts_at, by=people["organiser"])
        release = release_publish(conference=conference, version="v1", by=people["organiser"], notify=False)
        seating = seating_configure(submission=talk, rsvp_required=True, capacity=5, by=people["organiser"])
        reservation = reservation_create(seating=seating, user=people["attendee"])
        slot_place_talk(
            conference=conference,
            submission=published,
            room=room,
            starts_at=starts_at + dt.timedelta(hours=1),
            by=people["organiser"],
        )
        reconcile(locked_talk_slides(published), now=now + dt.timedelta(days=60))
        speaker_code = release.snapshot["speakers"][0]["code"]
        OfficeHoursSettingsFactory(conference=conference)
        slot = SlotFactory(conference=conference, mentor=people["mentor"], capacity=2)
        booking = BookingFactory(slot=slot, speaker=speaker, shared_submission=submission)
        batch = NotificationBatch.objects.create(conference=conference, total=1)
        notification = Notification.objects.create(
            conference=conference,
            submission=submission,
            recipient=speaker,
            kind="accepted",
            locale="en",
            subject="Accepted",
            body="Welcome.",
            batch=batch,
        )
        unavailability = SpeakerUnavailability.objects.create(
            conference=conference, user=speaker, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=1)
        )
        interval = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
        values = {
            "slug": conference.slug,
            "submission": submission.code,
            "talk": talk.code,
            "published_talk": published.code,
            "version": version.number,
            "speaker_code": speaker_code,
            "attendee_role": attendee_role.pk,
            "kind": "tracks",
            "track": track.pk,
            "submission_type": SubmissionTypeFactory(conference=conference).pk,
            "level": LevelFactory(conference=conference).pk,
            "question": QuestionFactory(conference=conference).pk,
            "phase": ReviewPhaseFactory(conference=conference).pk,
            "category": ScoreCategoryFactory(conference=conference).pk,
            "assignment": AssignmentFactory(submission=submission, reviewer=people["mentor"]).pk,
            "notification": notification.pk,
            "batch": batch.pk,
            "schedule_slot": ScheduleSlotFactory(conference=conference).pk,
            "talk_slot": talk.slots.get().pk,
            "slide_reviewer": SlideReviewerFactory(conference=conference).pk,
            "room": room.pk,
            "room_slug": slugify(room.name),
            "slot": slot.code,
            "booking": booking.code,
            "day": conference.start_date,
            "clarification": ClarificationFactory(submission=submission, asked_by=people["conflicted_reviewer"]).pk,
            "invitation": CoSpeakerInvitationFactory(submission=submission, email="co@matrix.test").token,
            "pass_code": PassCodeFactory(submission=submission).code,
            "unavailability": unavailability.pk,
            "reservation": reservation.code,
            "feed_token": FeedToken.objects.create(user=speaker).token,
            "mentor_feed_token": MentorFeed.objects.create(conference=conference, mentor=people["mentor"]).token,
            "api_token": ApiTokenFactory(user=speaker).prefix,
            **_webhooks(conference),
            "photo": profile.photo.name.rsplit("/", 1)[1],
            "language": "en",
            "format": "json",
            "wrong_key": "not-a-key",
            "uidb36": "1",
            # the admin's objects, one per model with a change page
            "app_label": "accounts",
            "user_type": ContentType.objects.get_for_model(speaker).pk,
            "user_pk": speaker.pk,
            "group_pk": Group.objects.create(name="Matrix").pk,
            "address_pk": address.pk,
            "profile_pk": profile.pk,
            "interval_pk": interval.pk,
            "crontab_pk": CrontabSchedule.objects.create().pk,
            "solar_pk": SolarSchedule.objects.create(event="sunrise", latitude=51.5, longitude=0).pk,
            "clocked_pk": ClockedSchedule.objects.create(clocked_time=now).pk,
            "task_pk": PeriodicTask.objects.create(name="matrix", task="health.ping", interval=interval).pk,
        }
        yield {"values": values, "people": people}
        transaction.set_rollback(True)


def url_of(key: str, values: dict) -> str:
    row = EXPECTED[key]
    if row.path is not None:
        return row.path.format(**values)
    route = urls_with_an_object()[key]
    params = _params(route)
    kwargs = {param: values["slug"] for param in ("slug", "conference_slug") if param in params}
    kwargs |= {arg: values[entry] for arg, entry in row.args.items()}
    return reverse(key.removesuffix(".<format>"), kwargs=kwargs)


def _params(route: str) -> set[str]:
    return {a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)}


@pytest.fixture(scope="module")
def clients(data):
    signed_in = {}
    for role, user in data["people"].items():
        signed_in[role] = Client(raise_request_exception=False)
        signed_in[role].force_login(user)
    return {"anonymous": Client(raise_request_exception=False)} | signed_in


@pytest.fixture
def _module_storage(settings, storage):
    for name, value in _stored_in(storage).items():
        setattr(settings, name, value)


@pytest.mark.parametrize("role", ROLES)
def test_each_url_answers_each_role_as_the_table_says(role, data, clients, settings, db, _module_storage):
    from schedule import views

    views._programmes.clear()  # a release id read back by an earlier module may be reused here
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS
    client = clients[role]
    wrong = []
    for key, row in sorted(EXPECTED.items()):
        url = url_of(key, data["values"])
        response = client.get(url)
        if response.status_code != row.answers[role]:
            wrong.append(f"{key}: {response.status_code}, expected {row.answers[role]}")
        elif url.startswith("/api/") and response.status_code >= 400 and "json" not in response["Content-Type"]:
            wrong.append(f"{key}: a {response.status_code} in {response['Content-Type']}, not JSON")

    assert not wrong, "\n".join(wrong)


def _webhooks(conference) -> dict:
    """A webhook of the conference and a site-wide one, each with a delivery in its log."""
    webhook = WebhookEndpointFactory(conference=conference)
    site_webhook = WebhookEndpointFactory(conference=None)
    return {
        "webhook": webhook.pk,
        "webhook_delivery": WebhookDeliveryFactory(endpoint=webhook).pk,
        "site_webhook": site_webhook.pk,
        "site_webhook_delivery": WebhookDeliveryFactory(endpoint=site_webhook).pk,
    }
