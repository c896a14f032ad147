"""Who may see and change submissions. Speakers see only their own; organisers see all of their
conference's. Reviewers get their access (with conflicts of interest) from the review rules."""

import rules

from cfp.models import Submission
from cfp.selectors import is_speaker_of
from conference.permissions import is_organiser, is_public_conference, is_site_admin, is_team_member


@rules.predicate
def is_submission_speaker(user, submission: Submission) -> bool:
    return isinstance(submission, Submission) and is_speaker_of(user, submission)


@rules.predicate
def is_submission_organiser(user, submission: Submission) -> bool:
    return isinstance(submission, Submission) and is_organiser(user, submission.conference)


rules.add_perm("cfp.view_submission", is_submission_speaker | is_submission_organiser | is_site_admin)
rules.add_perm("cfp.change_submission", is_submission_speaker)
rules.add_perm("cfp.withdraw_submission", is_submission_speaker)
rules.add_perm("cfp.invite_speaker", is_submission_speaker)
# Conference-level: obj is the Conference.
rules.add_perm("cfp.submit_to_conference", rules.is_authenticated & (is_public_conference | is_team_member))
# Those who set the call up see its form whatever the dates, to check it before it opens.
rules.add_perm("cfp.preview_submission_form", is_organiser | is_site_admin)
rules.add_perm("cfp.view_all_submissions", is_organiser | is_site_admin)
rules.add_perm("cfp.change_cfp_settings", is_organiser | is_site_admin)
