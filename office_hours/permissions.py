"""Who may do what with office hours. A booking is visible to its speaker and its slot's mentor only;
anyone else gets a 404 from the views and the API, as if it did not exist."""

import rules

from conference.permissions import is_mentor, is_organiser, is_public_conference, is_site_admin, is_team_member
from office_hours.models import Booking, Slot


@rules.predicate
def is_slot_mentor(user, slot: Slot) -> bool:
    return isinstance(slot, Slot) and slot.mentor_id == user.pk


@rules.predicate
def is_booking_speaker(user, booking: Booking) -> bool:
    return isinstance(booking, Booking) and booking.speaker_id == user.pk


@rules.predicate
def is_booking_mentor(user, booking: Booking) -> bool:
    return isinstance(booking, Booking) and booking.slot.mentor_id == user.pk


@rules.predicate
def shares_a_submission(user, booking: Booking) -> bool:
    return isinstance(booking, Booking) and booking.shared_submission_id is not None and booking.is_active


# Conference-level: obj is the Conference.
rules.add_perm("office_hours.book", rules.is_authenticated & (is_public_conference | is_team_member))
rules.add_perm("office_hours.publish_slots", is_mentor)
rules.add_perm("office_hours.manage", is_organiser | is_site_admin)
# Object-level.
rules.add_perm("office_hours.change_slot", is_slot_mentor)
rules.add_perm("office_hours.view_booking", is_booking_speaker | is_booking_mentor)
rules.add_perm("office_hours.change_booking", is_booking_speaker)
rules.add_perm("office_hours.mark_attendance", is_booking_mentor)
rules.add_perm("office_hours.view_shared_submission", is_booking_mentor & shares_a_submission)
