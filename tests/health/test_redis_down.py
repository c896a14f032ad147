"""Redis (the cache and the Celery broker) on a dead port, with production's backends: the public
schedule, a talk page, the iCal export, signing in and booking an office hour through the API all
answer; the writes commit with their outbox events; the tasks the broker refused are kept and are
queued when Redis comes back (a redis-server started on the same port)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from common.models import DeferredTask
from common.queueing import requeue_deferred
from events.cursor import unpublished_events
from events.models import OutboxEvent
from office_hours.models import Booking
from schedule.services.releases import release_publish
from schedule.services.slots import slot_place_talk
from tests.factories import (
    ConferenceRoleFactory,
    EmailAddressFactory,
    OfficeHoursSettingsFactory,
    RoomFactory,
    SlotFactory,
    UserFactory,
)
from tests.factories.accounts import PASSWORD
from tests.factories.cfp import SubmissionFactory
from tests.redis_faults import queued_task_names

# Committed for real, so the after-commit queueing runs as in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def released(conference, organiser):
    """A confirmed talk placed and released: the release's speaker e-mails are queued on commit."""
    conference.start_date, conference.end_date = dt.date(2030, 9, 30), dt.date(2030, 10, 1)
    conference.save(update_fields=["start_date", "end_date"])
    talk = SubmissionFactory(conference=conference, title="Exactly-once in practice", state="confirmed")
    starts = dt.datetime(2030, 9, 30, 10, 0, tzinfo=dt.UTC)
    slot_place_talk(
        conference=conference, submission=talk, room=RoomFactory(conference=conference), starts_at=starts, by=organiser
    )
    release_publish(conference=conference, version="v1", by=organiser)
    return talk


def test_public_pages_and_ical_answer_with_redis_down(redis_down, released, conference):
    client = Client()
    pages = [
        reverse("schedule:grid", args=[conference.slug]),
        reverse("schedule:talk", args=[conference.slug, released.code]),
        reverse("schedule:export-ics", args=[conference.slug]),
    ]

    first = [client.get(page) for page in pages]
    again = [client.get(page) for page in pages]  # from the per-process fallback cache

    assert [response.status_code for response in first + again] == [200] * 6
    assert "Exactly-once in practice" in first[1].content.decode()
    assert b"BEGIN:VCALENDAR" in first[2].content
    assert [response.content for response in again] == [response.content for response in first]


def test_release_published_with_redis_down_keeps_its_speaker_mails(redis_down, released):
    assert list(DeferredTask.objects.values_list("task", flat=True)) == ["schedule.send_release_notifications"]


def test_sign_in_works_with_redis_down(redis_down):
    user = EmailAddressFactory().user
    client = Client()

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_office_hour_booked_through_the_api_with_redis_down(redis_down, conference, api_client_for):
    now = timezone.now()
    conference.cfp_opens_at, conference.cfp_closes_at = now - dt.timedelta(days=7), now + dt.timedelta(days=60)
    conference.save(update_fields=["cfp_opens_at", "cfp_closes_at"])
    OfficeHoursSettingsFactory(conference=conference)
    mentor = ConferenceRoleFactory(conference=conference, role="mentor", user=UserFactory()).user
    slot = SlotFactory(conference=conference, mentor=mentor)
    speaker = EmailAddressFactory().user
    url = reverse("office-hours-booking-list", kwargs={"conference_slug": conference.slug})

    response = api_client_for(speaker).post(url, {"slot": slot.code, "note": "Abstract help"}, format="json")

    assert response.status_code == 201, response.content
    booking = Booking.objects.get()
    assert booking.speaker == speaker and booking.code == response.json()["code"]
    event = OutboxEvent.objects.get(type="summit.office_hours.booking.created.v1")
    assert event.subject == booking.subject
    assert unpublished_events().filter(pk=event.pk).exists()  # for the relay's sweep
    assert list(DeferredTask.objects.values_list("task", "args")) == [
        ("office_hours.send_booking_invite", [booking.pk])
    ]

    redis_down.port.start()  # Redis comes back
    assert requeue_deferred() == 1

    assert DeferredTask.objects.count() == 0
    assert queued_task_names(redis_down.port.client(), redis_down.queue) == ["office_hours.send_booking_invite"]
