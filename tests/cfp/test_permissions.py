"""Every rule in cfp/permissions.py, with someone it lets in and someone it keeps out. Reviewers are
kept out here: they reach proposals through the review rules, which know their conflicts."""

import pytest

from tests.factories.cfp import SubmissionFactory
from tests.permission_cases import cases

pytestmark = pytest.mark.django_db

SPEAKER_RULES = ["cfp.change_submission", "cfp.withdraw_submission", "cfp.invite_speaker"]
ORGANISER_RULES = ["cfp.preview_submission_form", "cfp.view_all_submissions", "cfp.change_cfp_settings"]


@pytest.fixture
def private_conference(conference):
    conference.is_public = False
    conference.save(update_fields=["is_public"])
    return conference


@pytest.fixture
def co_authored(conference, catalogue, speaker, co_speaker):
    """Ada's proposal with Grace as co-speaker."""
    return SubmissionFactory(conference=conference, speakers=[speaker, co_speaker], **catalogue)


ALLOWED = [
    *cases("cfp.view_submission", ["speaker", "organiser", "staff"], "submitted"),
    *cases("cfp.view_submission", "speaker", "draft"),
    *cases(["cfp.view_submission", *SPEAKER_RULES], "co_speaker", "co_authored"),
    *cases(SPEAKER_RULES, "speaker", "submitted"),
    *cases("cfp.submit_to_conference", ["speaker", "attendee"], "conference"),
    *cases("cfp.submit_to_conference", ["organiser", "reviewer", "mentor"], "private_conference"),
    *cases(ORGANISER_RULES, ["organiser", "staff"], "conference"),
]

DENIED = [
    *cases("cfp.view_submission", ["other_speaker", "other_organiser", "reviewer", "attendee"], "submitted"),
    *cases("cfp.view_submission", "anonymous", "submitted"),
    *cases("cfp.view_submission", "organiser", None),
    *cases(SPEAKER_RULES, ["other_speaker", "organiser", "anonymous"], "submitted"),
    *cases("cfp.submit_to_conference", "anonymous", "conference"),
    *cases("cfp.submit_to_conference", ["outsider", "attendee", "other_organiser"], "private_conference"),
    *cases(ORGANISER_RULES, ["reviewer", "mentor", "speaker", "other_organiser", "anonymous"], "conference"),
]


@pytest.mark.parametrize("case", ALLOWED, ids=str)
def test_rule_allows(request, case):
    assert case.has_perm(request) is True


@pytest.mark.parametrize("case", DENIED, ids=str)
def test_rule_denies(request, case):
    assert case.has_perm(request) is False
