"""Office hours under test: the shared conference (London) with its call open and both kinds enabled,
a mentor in Paris and speakers in Los Angeles."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from events.models import OutboxEvent
from office_hours.services.slots import SlotPlan, slots_publish
from tests.factories import EmailAddressFactory, OfficeHoursSettingsFactory

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def _events_checked(events_are_valid):
    """Every event the code under test writes is checked against its schema and CloudEvents."""


@pytest.fixture
def conference(conference):
    now = timezone.now()
    conference.timezone = "Europe/London"
    conference.cfp_opens_at = now - dt.timedelta(days=7)
    conference.cfp_closes_at = now + dt.timedelta(days=60)
    conference.save(update_fields=["timezone", "cfp_opens_at", "cfp_closes_at"])
    return conference


@pytest.fixture
def oh_settings(conference):
    return OfficeHoursSettingsFactory(conference=conference)


@pytest.fixture
def mentor(mentor, oh_settings):
    mentor.timezone = "Europe/Paris"
    mentor.name = "Marie Mentor"
    mentor.save(update_fields=["timezone", "name"])
    return mentor


def _speaker(email: str, name: str):
    user = EmailAddressFactory(user__email=email, user__name=name).user
    user.timezone = "America/Los_Angeles"
    user.save(update_fields=["timezone"])
    return user


@pytest.fixture
def speaker(db):
    return _speaker("speaker@summit.test", "Ada Lovelace")


@pytest.fixture
def other_speaker(db):
    return _speaker("other-speaker@summit.test", "Alan Turing")


@pytest.fixture
def tomorrow():
    return (timezone.now() + dt.timedelta(days=1)).astimezone(PARIS).date()


@pytest.fixture
def publish(conference, mentor, tomorrow):
    """`publish(**plan)`: the mentor publishes slots (default: tomorrow 17:00–17:20 Paris, one seat)."""

    def run(**overrides):
        plan = {
            "kind": "office_hours",
            "first_date": tomorrow,
            "start_time": dt.time(17, 0),
            "end_time": dt.time(17, 20),
            "duration_minutes": 20,
            "capacity": 1,
            "video_url": "https://meet.example.org/marie",
        } | overrides
        return slots_publish(conference=conference, mentor=mentor, plan=SlotPlan(**plan))

    return run


@pytest.fixture
def slot(publish):
    return publish()[0]


@pytest.fixture
def event_types():
    def types() -> list[str]:
        return list(OutboxEvent.objects.order_by("id").values_list("type", flat=True))

    return types


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`commit(service, **kwargs)`: calls the service and runs what it queued for after the commit
    (e-mails, the chat message), as the real commit would."""

    def run(service, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(*args, **kwargs)

    return run


@pytest.fixture
def book(commit):
    """`book(slot, speaker, **kwargs)`: the speaker books with a note, after-commit work included."""
    from office_hours.services.bookings import booking_create

    def run(slot, speaker, **kwargs):
        return commit(booking_create, slot=slot, speaker=speaker, note="Help with my abstract.", **kwargs)

    return run
