"""Who may do what with slides. `obj` is the talk's Submission, or the Conference for conference-wide
actions. Before publication a deck is for its speakers, the talk's slide reviewers and the
organisers only; views and the API answer 404 to anyone else, as if the talk had no slides."""

import rules

from cfp.models import Submission
from cfp.permissions import is_submission_speaker
from conference.models import Conference
from conference.permissions import is_organiser, is_reviewer, is_site_admin
from conference.selectors import reviewer_track_ids
from review.selectors import is_conflicted

# Talks that have slides at all: accepted, and still accepted once the speaker confirmed.
SLIDE_STATES = frozenset({Submission.State.ACCEPTED, Submission.State.CONFIRMED})


@rules.predicate
def is_accepted_talk(user, submission) -> bool:
    return isinstance(submission, Submission) and submission.state in SLIDE_STATES


@rules.predicate
def is_talk_organiser(user, submission) -> bool:
    return isinstance(submission, Submission) and is_organiser(user, submission.conference)


@rules.predicate
def is_slide_reviewer_of(user, submission) -> bool:
    """Appointed for the talk's track (or every track), or one of the track's reviewers when the
    conference lets them read slides; never for a talk they have a conflict of interest with."""
    if not isinstance(submission, Submission) or not user.is_authenticated:
        return False
    from slides.selectors.talks import settings_for

    appointment = submission.conference.slide_reviewers.filter(user=user).prefetch_related("tracks").first()
    if appointment is not None:
        track_ids = {track.pk for track in appointment.tracks.all()}
        covered = not track_ids or submission.track_id in track_ids
    elif settings_for(submission.conference).track_reviewers_review_slides and is_reviewer(user, submission.conference):
        track_ids = reviewer_track_ids(user, submission.conference)
        covered = track_ids is None or submission.track_id in track_ids
    else:
        return False
    return covered and not is_conflicted(user, submission)


rules.add_perm("slides.upload", is_submission_speaker & is_accepted_talk)
rules.add_perm(
    "slides.view_talk",
    is_accepted_talk & (is_submission_speaker | is_slide_reviewer_of | is_talk_organiser) | is_site_admin,
)
rules.add_perm("slides.review", is_accepted_talk & (is_slide_reviewer_of | is_talk_organiser))
rules.add_perm("slides.extend_deadline", is_talk_organiser | is_site_admin)
rules.add_perm("slides.view_reminders", is_talk_organiser | is_site_admin)
rules.add_perm("slides.opt_out", is_submission_speaker & is_accepted_talk)
# Conference-level: obj is the Conference.


@rules.predicate
def is_appointed_slide_reviewer(user, conference) -> bool:
    # An anonymous user is no row to filter on (the query would raise rather than answer no).
    return (
        isinstance(conference, Conference)
        and user.is_authenticated
        and conference.slide_reviewers.filter(user=user).exists()
    )


# The list of talks to review; which talks it shows is `slides.review` per talk (selectors.reviewable_talks).
rules.add_perm("slides.open_review_list", is_organiser | is_reviewer | is_appointed_slide_reviewer)
rules.add_perm("slides.manage", is_organiser | is_site_admin)
