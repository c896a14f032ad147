"""Each office-hours rule, allowed and denied."""

import pytest

from tests.factories import BookingFactory, UserFactory
from tests.factories.cfp import SubmissionFactory

pytestmark = pytest.mark.django_db


def test_book_signed_in_on_public_conference_is_allowed(speaker, conference):
    assert speaker.has_perm("office_hours.book", conference) is True


def test_book_on_private_conference_by_outsider_is_denied(outsider, conference):
    conference.is_public = False
    conference.save()
    assert outsider.has_perm("office_hours.book", conference) is False


def test_publish_slots_by_mentor_is_allowed(mentor, conference):
    assert mentor.has_perm("office_hours.publish_slots", conference) is True


def test_publish_slots_by_speaker_is_denied(speaker, conference):
    assert speaker.has_perm("office_hours.publish_slots", conference) is False


def test_manage_by_organiser_is_allowed(organiser, conference):
    assert organiser.has_perm("office_hours.manage", conference) is True


def test_manage_by_mentor_is_denied(mentor, conference):
    assert mentor.has_perm("office_hours.manage", conference) is False


def test_change_slot_by_its_mentor_is_allowed(mentor, slot):
    assert mentor.has_perm("office_hours.change_slot", slot) is True


def test_change_slot_by_another_is_denied(slot):
    assert UserFactory().has_perm("office_hours.change_slot", slot) is False


def test_view_booking_by_speaker_and_mentor_is_allowed(speaker, mentor, slot):
    booking = BookingFactory(slot=slot, speaker=speaker)
    assert speaker.has_perm("office_hours.view_booking", booking) is True
    assert mentor.has_perm("office_hours.view_booking", booking) is True


def test_view_booking_by_another_is_denied(speaker, other_speaker, slot):
    booking = BookingFactory(slot=slot, speaker=speaker)
    assert other_speaker.has_perm("office_hours.view_booking", booking) is False


def test_change_booking_by_speaker_is_allowed(speaker, slot):
    assert speaker.has_perm("office_hours.change_booking", BookingFactory(slot=slot, speaker=speaker)) is True


def test_change_booking_by_mentor_is_denied(speaker, mentor, slot):
    assert mentor.has_perm("office_hours.change_booking", BookingFactory(slot=slot, speaker=speaker)) is False


def test_mark_attendance_by_mentor_is_allowed(speaker, mentor, slot):
    assert mentor.has_perm("office_hours.mark_attendance", BookingFactory(slot=slot, speaker=speaker)) is True


def test_mark_attendance_by_speaker_is_denied(speaker, slot):
    assert speaker.has_perm("office_hours.mark_attendance", BookingFactory(slot=slot, speaker=speaker)) is False


def test_view_shared_submission_by_mentor_is_allowed(speaker, mentor, slot, conference):
    draft = SubmissionFactory(conference=conference, speakers=[speaker], state="draft")
    booking = BookingFactory(slot=slot, speaker=speaker, shared_submission=draft)
    assert mentor.has_perm("office_hours.view_shared_submission", booking) is True


def test_view_shared_submission_without_share_or_when_cancelled_is_denied(speaker, mentor, slot, conference):
    draft = SubmissionFactory(conference=conference, speakers=[speaker], state="draft")
    unshared = BookingFactory(slot=slot, speaker=speaker)
    cancelled = BookingFactory(slot=slot, speaker=UserFactory(), shared_submission=draft, status="cancelled")
    assert mentor.has_perm("office_hours.view_shared_submission", unshared) is False
    assert mentor.has_perm("office_hours.view_shared_submission", cancelled) is False
    assert speaker.has_perm("office_hours.view_shared_submission", cancelled) is False
