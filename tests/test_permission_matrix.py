"""Every URL with an object in it × every role, GET only: the answer the table
(tests/permission_matrix.py) expects. One data set for the module, built once."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from conference.models import ConferenceRole
from review.models import Conflict, Notification, NotificationBatch
from tests.conftest import FAST_PASSWORD_HASHERS
from tests.factories import (
    ConferenceFactory,
    ConferenceRoleFactory,
    RoomFactory,
    TrackFactory,
    UserFactory,
)
from tests.factories.cfp import QuestionFactory, SubmissionFactory
from tests.factories.office_hours import BookingFactory, OfficeHoursSettingsFactory, SlotFactory
from tests.factories.review import AssignmentFactory, ReviewPhaseFactory, ScoreCategoryFactory
from tests.factories.schedule import ScheduleSlotFactory
from tests.factories.slides import SlideReviewerFactory, TalkSlidesFactory
from tests.permission_matrix import COVERED_PREFIXES, EXPECTED, ROLES

Role = ConferenceRole.Role


def _walk(resolver, prefix="", namespace=None):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from _walk(pattern, prefix + str(pattern.pattern), inner)
        else:
            yield prefix + str(pattern.pattern), ":".join(filter(None, [namespace, pattern.name]))


def urls_with_an_object() -> dict[str, str]:
    """URL name → route, for the covered routes that carry an argument."""
    return {
        name: route
        for route, name in _walk(get_resolver())
        if route.startswith(COVERED_PREFIXES) and ("<" in route or "(?P" in route)
    }


def test_every_url_with_an_object_has_a_row():
    assert sorted(set(urls_with_an_object()) - set(EXPECTED)) == []
    assert sorted(set(EXPECTED) - set(urls_with_an_object())) == []  # no row for a URL that is gone


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker):
    """The module's data set: a public conference with a person per role and an object of each kind."""
    with django_db_blocker.unblock(), transaction.atomic():
        conference = ConferenceFactory(slug="matrix", is_public=True)
        other = ConferenceFactory(slug="matrix-other", is_public=True)
        people = {role: UserFactory(email=f"{role}@matrix.test") for role in ROLES if role != "anonymous"}
        people["admin"].is_staff = people["admin"].is_superuser = True
        people["admin"].save()
        attendee_role = ConferenceRoleFactory(conference=conference, user=people["attendee"], role=Role.ATTENDEE)
        ConferenceRoleFactory(conference=conference, user=people["conflicted_reviewer"], role=Role.REVIEWER)
        ConferenceRoleFactory(conference=conference, user=people["mentor"], role=Role.MENTOR)
        ConferenceRoleFactory(conference=conference, user=people["organiser"], role=Role.ORGANISER)
        ConferenceRoleFactory(conference=other, user=people["other_organiser"], role=Role.ORGANISER)
        track = TrackFactory(conference=conference)
        submission = SubmissionFactory(conference=conference, speakers=[people["speaker"]], track=track)
        SubmissionFactory(conference=conference, speakers=[people["other_speaker"]], track=track)
        Conflict.objects.create(reviewer=people["conflicted_reviewer"], submission=submission, reason="Colleague")
        talk = SubmissionFactory(conference=conference, speakers=[people["speaker"]], track=track, state="accepted")
        TalkSlidesFactory(submission=talk)
        room = RoomFactory(conference=conference)
        OfficeHoursSettingsFactory(conference=conference)
        slot = SlotFactory(conference=conference, mentor=people["mentor"], capacity=2)
        booking = BookingFactory(slot=slot, speaker=people["speaker"], shared_submission=submission)
        batch = NotificationBatch.objects.create(conference=conference, total=1)
        notification = Notification.objects.create(
            conference=conference,
            submission=submission,
            recipient=people["speaker"],
            kind="accepted",
            locale="en",
            subject="Accepted",
            body="Welcome.",
            batch=batch,
        )
        values = {
            "slug": conference.slug,
            "submission": submission.code,
            "talk": talk.code,
            "attendee_role": attendee_role.pk,
            "kind": "tracks",
            "track": track.pk,
            "question": QuestionFactory(conference=conference).pk,
            "phase": ReviewPhaseFactory(conference=conference).pk,
            "category": ScoreCategoryFactory(conference=conference).pk,
            "assignment": AssignmentFactory(submission=submission, reviewer=people["mentor"]).pk,
            "notification": notification.pk,
            "batch": batch.pk,
            "schedule_slot": ScheduleSlotFactory(conference=conference).pk,
            "slide_reviewer": SlideReviewerFactory(conference=conference).pk,
            "room": room.pk,
            "slot": slot.code,
            "booking": booking.code,
            "day": conference.start_date,
        }
        yield {"values": values, "people": people}
        transaction.set_rollback(True)


def url_of(name: str, values: dict) -> str:
    row = EXPECTED[name]
    route = urls_with_an_object()[name]
    kwargs = {"slug": values["slug"]} if "<slug:slug>" in route else {}
    kwargs |= {arg: values[entry] for arg, entry in row.args.items()}
    return reverse(name, kwargs=kwargs)


@pytest.fixture(scope="module")
def clients(data):
    signed_in = {}
    for role, user in data["people"].items():
        signed_in[role] = Client(raise_request_exception=False)
        signed_in[role].force_login(user)
    return {"anonymous": Client(raise_request_exception=False)} | signed_in


@pytest.mark.parametrize("role", ROLES)
def test_each_url_answers_each_role_as_the_table_says(role, data, clients, settings, db):
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS
    client = clients[role]
    wrong = []
    for name, row in sorted(EXPECTED.items()):
        answer = client.get(url_of(name, data["values"])).status_code
        if answer != row.answers[role]:
            wrong.append(f"{name}: {answer}, expected {row.answers[role]}")

    assert not wrong, "\n".join(wrong)
