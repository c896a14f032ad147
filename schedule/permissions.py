"""Who may build and publish a conference's schedule, and who declares speaker unavailability."""

import rules

from cfp.models import Submission
from conference.permissions import conference_of, is_organiser, is_site_admin


@rules.predicate
def is_speaker_at(user, obj) -> bool:
    conference = conference_of(obj)
    if conference is None or not getattr(user, "is_authenticated", False):
        return False
    return (
        Submission.objects.filter(conference=conference, speaker_links__user=user)
        .exclude(state__in=[Submission.State.DRAFT, Submission.State.WITHDRAWN])
        .exists()
    )


@rules.predicate
def owns_unavailability(user, obj) -> bool:
    return getattr(obj, "user_id", None) == getattr(user, "pk", -1)


# Conference-level: obj is the Conference.
rules.add_perm("schedule.edit_schedule", is_organiser | is_site_admin)
rules.add_perm("schedule.publish_schedule", is_organiser | is_site_admin)
rules.add_perm("schedule.declare_unavailability", is_speaker_at)
# Object-level: obj is the SpeakerUnavailability.
rules.add_perm("schedule.remove_unavailability", owns_unavailability)


@rules.predicate
def owns_reservation(user, obj) -> bool:
    return getattr(obj, "user_id", None) == getattr(user, "pk", -1)


# Conference-level: the organisers' session lists, exports, RSVP settings and the door check-in.
rules.add_perm("schedule.manage_attendance", is_organiser | is_site_admin)
# Object-level: obj is the Reservation.
rules.add_perm("schedule.cancel_reservation", owns_reservation)
