"""Every review rule, with someone it lets in and someone it keeps out; then the conditions a
reviewer's access hangs on (assignment, track, state, phase, conflicts) one at a time."""

import datetime as dt

import pytest
from django.utils import timezone

from review.services.committee import conflict_declare
from review.services.decisions import decision_make
from review.services.setup import review_settings_update
from tests.factories import ConferenceRoleFactory, EmailAddressFactory, SpeakerProfileFactory, UserFactory
from tests.factories.cfp import SubmissionFactory
from tests.factories.review import AssignmentFactory, ClarificationFactory, ReviewFactory, ReviewPhaseFactory
from tests.permission_cases import cases

pytestmark = pytest.mark.django_db

# The reviewer's own tracks, assignments and conflicts bound these; the rest are the organisers'.
REVIEWER_RULES = ["review.view_submission_for_review", "review.bid", "review.declare_conflict"]
REVIEWING_RULES = ["review.review_submission", "review.ask_clarification"]
ORGANISER_RULES = ["review.manage_review", "review.redeem_code"]


@pytest.fixture
def conflicted(assigned, reviewer):
    """Assigned to the reviewer, who then declared a conflict of interest."""
    conflict_declare(reviewer=reviewer, submission=assigned)
    return assigned


@pytest.fixture
def colleagues_proposal(conference, catalogue, reviewer):
    """Assigned to the reviewer, but by someone at the reviewer's company (Streamworks): a conflict
    nobody declared."""
    colleague = EmailAddressFactory(user__email="colleague@summit.test").user
    SpeakerProfileFactory(user=colleague, company="streamworks")
    proposal = SubmissionFactory(conference=conference, speakers=[colleague], **catalogue)
    AssignmentFactory(submission=proposal, reviewer=reviewer)
    return proposal


@pytest.fixture
def in_review_phase(assigned):
    """Assigned to the reviewer while the reviewing phase is open."""
    ReviewPhaseFactory(conference=assigned.conference, can_review=True)
    return assigned


@pytest.fixture
def in_bidding_phase(assigned):
    ReviewPhaseFactory(conference=assigned.conference, kind="bidding", can_review=False, can_bid=True)
    return assigned


@pytest.fixture
def reviewed_by_reviewer(assigned, reviewer):
    ReviewFactory(submission=assigned, reviewer=reviewer)
    return assigned


@pytest.fixture
def reviewed_by_another(assigned, second_reviewer):
    ReviewFactory(submission=assigned, reviewer=second_reviewer)
    return assigned


@pytest.fixture
def accepted(submitted, organiser):
    decision_make(submission=submitted, decision="accept", by=organiser)
    submitted.refresh_from_db()
    return submitted


@pytest.fixture
def clarification(submitted, reviewer):
    return ClarificationFactory(submission=submitted, asked_by=reviewer)


ALLOWED = [
    *cases(REVIEWER_RULES, "reviewer", "assigned"),
    *cases(["review.bid", "review.declare_conflict"], "reviewer", "submitted"),
    *cases(REVIEWING_RULES, "reviewer", "in_review_phase"),
    *cases("review.view_other_reviews", "reviewer", "reviewed_by_reviewer"),
    *cases("review.view_other_reviews", ["organiser", "staff"], "submitted"),
    *cases("review.decide", ["organiser", "staff"], "submitted"),
    *cases("review.decide", "organiser", "conference"),
    *cases("review.respond_to_decision", "speaker", "accepted"),
    *cases("review.answer_clarification", "speaker", "clarification"),
    *cases("review.view_reviewing", "reviewer", "conference"),
    *cases("review.view_committee", ["reviewer", "organiser"], "conference"),
    *cases(ORGANISER_RULES, ["organiser", "staff"], "conference"),
]

DENIED = [
    *cases(REVIEWER_RULES + REVIEWING_RULES, "reviewer", "conflicted"),
    *cases(REVIEWER_RULES + REVIEWING_RULES, "reviewer", "colleagues_proposal"),
    *cases(REVIEWER_RULES, ["anonymous", "outsider", "organiser", "mentor", "other_organiser"], "assigned"),
    # Restricted to assignments (the default), a reviewer bids on but does not open the others.
    *cases("review.view_submission_for_review", "reviewer", "submitted"),
    *cases(REVIEWING_RULES, "reviewer", "in_bidding_phase"),
    *cases(REVIEWING_RULES, ["second_reviewer", "organiser"], "in_review_phase"),
    *cases("review.view_other_reviews", "reviewer", "reviewed_by_another"),
    *cases("review.view_other_reviews", ["speaker", "other_organiser"], "reviewed_by_reviewer"),
    *cases("review.decide", ["reviewer", "other_organiser", "outsider", "speaker"], "submitted"),
    *cases("review.decide", ["reviewer", "other_organiser"], "conference"),
    *cases("review.respond_to_decision", "speaker", "submitted"),
    *cases("review.respond_to_decision", ["outsider", "organiser", "anonymous"], "accepted"),
    *cases("review.answer_clarification", ["reviewer", "organiser", "outsider", "anonymous"], "clarification"),
    *cases("review.view_reviewing", ["mentor", "organiser", "anonymous"], "conference"),
    *cases("review.view_reviewing", "reviewer", "other_conference"),
    *cases("review.view_committee", ["mentor", "speaker", "other_organiser", "anonymous"], "conference"),
    *cases(ORGANISER_RULES, ["reviewer", "other_organiser", "anonymous"], "conference"),
]


@pytest.mark.parametrize("case", ALLOWED, ids=str)
def test_rule_allows(request, case):
    assert case.has_perm(request) is True


@pytest.mark.parametrize("case", DENIED, ids=str)
def test_rule_denies(request, case):
    assert case.has_perm(request) is False


def test_view_for_review_unassigned_when_not_restricted_is_allowed(submitted, reviewer, organiser):
    review_settings_update(conference=submitted.conference, by=organiser, restrict_to_assigned=False)

    assert reviewer.has_perm("review.view_submission_for_review", submitted) is True


def test_view_for_review_conflicted_site_administrator_is_denied(assigned, reviewer):
    reviewer.is_staff = reviewer.is_superuser = True
    reviewer.save()
    conflict_declare(reviewer=reviewer, submission=assigned)

    assert reviewer.has_perm("review.view_submission_for_review", assigned) is False
    assert reviewer.has_perm("review.review_submission", assigned) is False
    # Deciding is not personal: the site administrator still may, as organisers do.
    assert reviewer.has_perm("review.decide", assigned) is True


def test_review_by_a_site_administrator_who_is_no_reviewer_is_denied(assigned):
    admin = UserFactory(is_staff=True, is_superuser=True)

    assert admin.has_perm("review.review_submission", assigned) is False
    assert admin.has_perm("review.manage_review", assigned.conference) is True


def test_view_for_review_other_track_is_denied(conference, catalogue, reviewer, other_track, organiser):
    review_settings_update(conference=conference, by=organiser, restrict_to_assigned=False)
    core = SubmissionFactory(conference=conference, **(catalogue | {"track": other_track}))

    assert reviewer.has_perm("review.view_submission_for_review", core) is False


def test_view_for_review_draft_is_denied(conference, catalogue, reviewer, organiser):
    review_settings_update(conference=conference, by=organiser, restrict_to_assigned=False)
    draft = SubmissionFactory(conference=conference, state="draft", **catalogue)

    assert reviewer.has_perm("review.view_submission_for_review", draft) is False


def test_review_submission_between_phases_is_denied(assigned, reviewer):
    past = timezone.now() - dt.timedelta(days=10)
    ReviewPhaseFactory(conference=assigned.conference, starts_at=past, ends_at=past + dt.timedelta(days=2))

    assert reviewer.has_perm("review.review_submission", assigned) is False


def test_review_submission_decided_is_denied(assigned, reviewer, organiser):
    decision_make(submission=assigned, decision="reject", by=organiser)
    assigned.refresh_from_db()

    assert reviewer.has_perm("review.review_submission", assigned) is False


def test_bid_own_submission_is_denied(conference, catalogue, reviewer):
    own = SubmissionFactory(conference=conference, speakers=[reviewer], **catalogue)

    assert reviewer.has_perm("review.bid", own) is False


def test_bid_outside_bidding_phase_is_denied(submitted, reviewer):
    ReviewPhaseFactory(conference=submitted.conference, can_bid=False)

    assert reviewer.has_perm("review.bid", submitted) is False


def test_bid_other_track_is_denied(conference, catalogue, reviewer, other_track):
    core = SubmissionFactory(conference=conference, **(catalogue | {"track": other_track}))

    assert reviewer.has_perm("review.bid", core) is False


def test_declare_conflict_outside_bidding_on_an_assigned_proposal_is_allowed(assigned, reviewer):
    ReviewPhaseFactory(conference=assigned.conference, can_bid=False, can_review=True)

    assert reviewer.has_perm("review.declare_conflict", assigned) is True


def test_declare_conflict_other_track_is_denied(conference, catalogue, reviewer, other_track):
    core = SubmissionFactory(conference=conference, **(catalogue | {"track": other_track}))

    assert reviewer.has_perm("review.declare_conflict", core) is False


def test_view_other_reviews_when_switched_off_is_denied(assigned, reviewer, organiser):
    review_settings_update(conference=assigned.conference, by=organiser, show_others_after_review=False)
    ReviewFactory(submission=assigned, reviewer=reviewer)

    assert reviewer.has_perm("review.view_other_reviews", assigned) is False


def test_scoped_reviewer_track_role_is_per_conference(conference, other_conference, submitted):
    other_reviewer = ConferenceRoleFactory(conference=other_conference, role="reviewer").user

    assert other_reviewer.has_perm("review.view_submission_for_review", submitted) is False
