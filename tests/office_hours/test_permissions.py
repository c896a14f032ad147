"""Every office-hours rule, with someone it lets in and someone it keeps out. A booking is its
speaker's and its mentor's only."""

import pytest

from tests.factories import BookingFactory, ConferenceRoleFactory, UserFactory
from tests.factories.cfp import SubmissionFactory
from tests.permission_cases import cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_conference(conference):
    conference.is_public = False
    conference.save()
    return conference


@pytest.fixture
def booking(slot, speaker):
    return BookingFactory(slot=slot, speaker=speaker)


@pytest.fixture
def shared_draft(conference, speaker):
    return SubmissionFactory(conference=conference, speakers=[speaker], state="draft")


@pytest.fixture
def sharing_booking(slot, speaker, shared_draft):
    """The speaker booked and shared their draft with the mentor."""
    return BookingFactory(slot=slot, speaker=speaker, shared_submission=shared_draft)


@pytest.fixture
def cancelled_sharing_booking(slot, speaker, shared_draft):
    return BookingFactory(slot=slot, speaker=speaker, shared_submission=shared_draft, status="cancelled")


@pytest.fixture
def another_mentor(conference, oh_settings):
    """A mentor of the conference, but not of the slot."""
    return ConferenceRoleFactory(conference=conference, role="mentor", user=UserFactory()).user


ALLOWED = [
    *cases("office_hours.book", ["speaker", "attendee"], "conference"),
    *cases("office_hours.book", ["mentor", "organiser"], "private_conference"),
    *cases("office_hours.publish_slots", "mentor", "conference"),
    *cases("office_hours.manage", ["organiser", "staff"], "conference"),
    *cases("office_hours.change_slot", "mentor", "slot"),
    *cases("office_hours.view_booking", ["speaker", "mentor"], "booking"),
    *cases("office_hours.change_booking", "speaker", "booking"),
    *cases("office_hours.mark_attendance", "mentor", "booking"),
    *cases("office_hours.view_shared_submission", "mentor", "sharing_booking"),
]

DENIED = [
    *cases("office_hours.book", "anonymous", "conference"),
    *cases("office_hours.book", ["outsider", "attendee"], "private_conference"),
    *cases("office_hours.publish_slots", ["speaker", "organiser", "other_organiser"], "conference"),
    *cases("office_hours.manage", ["mentor", "other_organiser"], "conference"),
    *cases("office_hours.change_slot", ["another_mentor", "speaker", "anonymous"], "slot"),
    *cases("office_hours.view_booking", ["other_speaker", "another_mentor", "organiser", "anonymous"], "booking"),
    *cases("office_hours.change_booking", ["mentor", "other_speaker"], "booking"),
    *cases("office_hours.mark_attendance", ["speaker", "another_mentor"], "booking"),
    *cases("office_hours.view_shared_submission", ["mentor", "speaker"], "booking"),
    *cases("office_hours.view_shared_submission", ["mentor", "speaker"], "cancelled_sharing_booking"),
    *cases("office_hours.view_shared_submission", ["speaker", "another_mentor"], "sharing_booking"),
]


@pytest.mark.parametrize("case", ALLOWED, ids=str)
def test_rule_allows(request, case):
    assert case.has_perm(request) is True


@pytest.mark.parametrize("case", DENIED, ids=str)
def test_rule_denies(request, case):
    assert case.has_perm(request) is False
