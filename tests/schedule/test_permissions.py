"""Every schedule rule, with someone it lets in and someone it keeps out."""

import pytest

from schedule.services.rsvp import reservation_create, seating_configure
from tests.factories import SpeakerUnavailabilityFactory
from tests.permission_cases import cases

pytestmark = pytest.mark.django_db

BUILD_RULES = ["schedule.edit_schedule", "schedule.publish_schedule", "schedule.manage_attendance"]


@pytest.fixture
def speaker_with_a_talk(speaker, talk):
    return speaker


@pytest.fixture
def attendee_with_a_draft(attendee, make_talk):
    make_talk("A draft", speakers=[attendee], state="draft")
    return attendee


@pytest.fixture
def withdrawn_speaker(other_speaker, make_talk):
    make_talk("Changed my mind", speakers=[other_speaker], state="withdrawn")
    return other_speaker


@pytest.fixture
def speakers_unavailability(conference, speaker):
    return SpeakerUnavailabilityFactory(conference=conference, user=speaker)


@pytest.fixture
def attendees_reservation(released, talk, organiser, attendee):
    seating = seating_configure(submission=talk, rsvp_required=True, capacity=5, by=organiser)
    return reservation_create(seating=seating, user=attendee)


ALLOWED = [
    *cases(BUILD_RULES, ["organiser", "staff"], "conference"),
    *cases("schedule.declare_unavailability", "speaker_with_a_talk", "conference"),
    *cases("schedule.remove_unavailability", "speaker", "speakers_unavailability"),
    *cases("schedule.cancel_reservation", "attendee", "attendees_reservation"),
]

DENIED = [
    *cases(BUILD_RULES, ["reviewer", "mentor", "attendee", "other_organiser", "anonymous"], "conference"),
    *cases(
        "schedule.declare_unavailability", ["attendee_with_a_draft", "withdrawn_speaker", "anonymous"], "conference"
    ),
    *cases("schedule.declare_unavailability", "speaker_with_a_talk", "other_conference"),
    *cases("schedule.remove_unavailability", ["other_speaker", "organiser", "anonymous"], "speakers_unavailability"),
    *cases("schedule.cancel_reservation", ["speaker", "organiser", "anonymous"], "attendees_reservation"),
]


@pytest.mark.parametrize("case", ALLOWED, ids=str)
def test_rule_allows(request, case):
    assert case.has_perm(request) is True


@pytest.mark.parametrize("case", DENIED, ids=str)
def test_rule_denies(request, case):
    assert case.has_perm(request) is False
