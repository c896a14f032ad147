"""Who may do what in the review committee. `obj` is the Submission (or a Clarification, or the
Conference for conference-wide actions). A reviewer's access to a submission needs: the reviewer
role, the submission in their tracks, no conflict of interest, and (when the organisers restrict
reviewers to their assignments) an assignment. Views and the API answer 404 when it is denied."""

import rules

from accounts.permissions import personal
from cfp.models import Submission
from cfp.permissions import is_submission_speaker
from conference.permissions import is_organiser, is_reviewer, is_site_admin
from conference.selectors import reviewer_track_ids
from review import selectors
from review.models import Clarification


def _submission(obj) -> Submission | None:
    if isinstance(obj, Submission):
        return obj
    if isinstance(obj, Clarification):
        return obj.submission
    return None


@rules.predicate
def may_open_for_review(user, obj) -> bool:
    submission = _submission(obj)
    if submission is None or not is_reviewer(user, submission.conference):
        return False
    if submission.state not in selectors.VISIBLE_STATES:
        return False
    track_ids = reviewer_track_ids(user, submission.conference)
    if track_ids is not None and submission.track_id not in track_ids:
        return False
    if selectors.is_conflicted(user, submission):
        return False
    if selectors.review_settings_for(submission.conference).restrict_to_assigned:
        return submission.review_assignments.filter(reviewer=user).exists()
    return True


@rules.predicate
def may_bid(user, obj) -> bool:
    """Bidding comes before assignment: any submission of the reviewer's tracks without a conflict."""
    submission = _submission(obj)
    if submission is None or not is_reviewer(user, submission.conference):
        return False
    if submission.state not in selectors.OPEN_STATES:
        return False
    track_ids = reviewer_track_ids(user, submission.conference)
    if track_ids is not None and submission.track_id not in track_ids:
        return False
    return not selectors.is_conflicted(user, submission)


@rules.predicate
def bidding_is_open(user, obj) -> bool:
    submission = _submission(obj)
    return submission is not None and selectors.phase_allows(submission.conference, "bid")


@rules.predicate
def reviewing_is_open(user, obj) -> bool:
    submission = _submission(obj)
    return (
        submission is not None
        and submission.state in selectors.OPEN_STATES
        and selectors.phase_allows(submission.conference, "review")
    )


@rules.predicate
def has_reviewed(user, obj) -> bool:
    submission = _submission(obj)
    return submission is not None and submission.reviews.filter(reviewer=user).exists()


@rules.predicate
def others_shown_after_review(user, obj) -> bool:
    submission = _submission(obj)
    return submission is not None and selectors.review_settings_for(submission.conference).show_others_after_review


@rules.predicate
def is_decision_organiser(user, obj) -> bool:
    submission = _submission(obj)
    conference = submission.conference if submission is not None else obj
    return is_organiser(user, conference) or is_site_admin(user)


@rules.predicate
def is_accepted(user, obj) -> bool:
    submission = _submission(obj)
    return submission is not None and submission.state == Submission.State.ACCEPTED


@rules.predicate
def is_clarification_speaker(user, obj) -> bool:
    return isinstance(obj, Clarification) and is_submission_speaker(user, obj.submission)


# On a Submission.
rules.add_perm("review.view_submission_for_review", may_open_for_review)
rules.add_perm("review.bid", may_bid & bidding_is_open)
# A conflict can surface at any time, so declaring one is never closed by the phase.
rules.add_perm("review.declare_conflict", may_bid | may_open_for_review)
rules.add_perm("review.review_submission", may_open_for_review & reviewing_is_open)
rules.add_perm("review.ask_clarification", may_open_for_review & reviewing_is_open)
rules.add_perm(
    "review.view_other_reviews",
    (may_open_for_review & has_reviewed & others_shown_after_review) | is_decision_organiser,
)
rules.add_perm("review.decide", is_decision_organiser)
rules.add_perm("review.respond_to_decision", is_submission_speaker & is_accepted)
# Acting as a reviewer binds a site administrator too (their conflicts, tracks and assignments).
personal(
    "review.view_submission_for_review",
    "review.bid",
    "review.declare_conflict",
    "review.review_submission",
    "review.ask_clarification",
)
# On a Clarification.
rules.add_perm("review.answer_clarification", is_clarification_speaker)
# On a Conference.
rules.add_perm("review.view_reviewing", is_reviewer)
# The committee's API: reviewers see what they may review, organisers everything.
rules.add_perm("review.view_committee", is_reviewer | is_decision_organiser)
rules.add_perm("review.manage_review", is_organiser | is_site_admin)
rules.add_perm("review.redeem_code", is_organiser | is_site_admin)
