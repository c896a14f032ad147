"""Each review rule, allowed and denied."""

import datetime as dt

import pytest
from django.utils import timezone

from review.services.committee import conflict_declare
from review.services.decisions import decision_make
from review.services.setup import review_settings_update
from tests.factories import ConferenceRoleFactory, UserFactory
from tests.factories.cfp import SubmissionFactory
from tests.factories.review import ClarificationFactory, ReviewFactory, ReviewPhaseFactory

pytestmark = pytest.mark.django_db


def test_view_for_review_assigned_reviewer_is_allowed(assigned, reviewer):
    assert reviewer.has_perm("review.view_submission_for_review", assigned) is True


def test_view_for_review_unassigned_when_restricted_is_denied(submitted, reviewer):
    assert reviewer.has_perm("review.view_submission_for_review", submitted) is False


def test_view_for_review_unassigned_when_not_restricted_is_allowed(submitted, reviewer, organiser):
    review_settings_update(conference=submitted.conference, by=organiser, restrict_to_assigned=False)

    assert reviewer.has_perm("review.view_submission_for_review", submitted) is True


def test_view_for_review_conflicted_is_denied(assigned, reviewer):
    conflict_declare(reviewer=reviewer, submission=assigned)

    assert reviewer.has_perm("review.view_submission_for_review", assigned) is False


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


@pytest.mark.parametrize("who", ["anonymous", "outsider", "organiser", "mentor", "other_organiser"])
def test_view_for_review_non_reviewer_is_denied(assigned, person, who):
    user = person(who)
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    assert user.has_perm("review.view_submission_for_review", assigned) is False


def test_view_for_review_draft_is_denied(conference, catalogue, reviewer, organiser):
    review_settings_update(conference=conference, by=organiser, restrict_to_assigned=False)
    draft = SubmissionFactory(conference=conference, state="draft", **catalogue)

    assert reviewer.has_perm("review.view_submission_for_review", draft) is False


def test_review_submission_open_phase_is_allowed(assigned, reviewer):
    ReviewPhaseFactory(conference=assigned.conference, can_review=True)

    assert reviewer.has_perm("review.review_submission", assigned) is True


def test_review_submission_bidding_phase_is_denied(assigned, reviewer):
    ReviewPhaseFactory(conference=assigned.conference, kind="bidding", can_review=False, can_bid=True)

    assert reviewer.has_perm("review.review_submission", assigned) is False


def test_review_submission_between_phases_is_denied(assigned, reviewer):
    past = timezone.now() - dt.timedelta(days=10)
    ReviewPhaseFactory(conference=assigned.conference, starts_at=past, ends_at=past + dt.timedelta(days=2))

    assert reviewer.has_perm("review.review_submission", assigned) is False


def test_review_submission_decided_is_denied(assigned, reviewer, organiser):
    decision_make(submission=assigned, decision="reject", by=organiser)
    assigned.refresh_from_db()

    assert reviewer.has_perm("review.review_submission", assigned) is False


def test_bid_in_scope_is_allowed(submitted, reviewer):
    assert reviewer.has_perm("review.bid", submitted) is True


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


def test_bid_non_reviewer_is_denied(submitted, organiser):
    assert organiser.has_perm("review.bid", submitted) is False


def test_view_other_reviews_after_own_review_is_allowed(assigned, reviewer):
    ReviewFactory(submission=assigned, reviewer=reviewer)

    assert reviewer.has_perm("review.view_other_reviews", assigned) is True


def test_view_other_reviews_before_own_review_is_denied(assigned, reviewer, second_reviewer):
    ReviewFactory(submission=assigned, reviewer=second_reviewer)

    assert reviewer.has_perm("review.view_other_reviews", assigned) is False


def test_view_other_reviews_when_switched_off_is_denied(assigned, reviewer, organiser):
    review_settings_update(conference=assigned.conference, by=organiser, show_others_after_review=False)
    ReviewFactory(submission=assigned, reviewer=reviewer)

    assert reviewer.has_perm("review.view_other_reviews", assigned) is False


def test_view_other_reviews_organiser_is_allowed(submitted, organiser):
    assert organiser.has_perm("review.view_other_reviews", submitted) is True


def test_decide_organiser_is_allowed(submitted, organiser):
    assert organiser.has_perm("review.decide", submitted) is True
    assert organiser.has_perm("review.decide", submitted.conference) is True


@pytest.mark.parametrize("who", ["reviewer", "other_organiser", "outsider"])
def test_decide_others_are_denied(submitted, person, who):
    assert person(who).has_perm("review.decide", submitted) is False


def test_respond_accepted_speaker_is_allowed(submitted, speaker, organiser):
    decision_make(submission=submitted, decision="accept", by=organiser)
    submitted.refresh_from_db()

    assert speaker.has_perm("review.respond_to_decision", submitted) is True


def test_respond_not_accepted_is_denied(submitted, speaker):
    assert speaker.has_perm("review.respond_to_decision", submitted) is False


def test_respond_other_person_is_denied(submitted, outsider, organiser):
    decision_make(submission=submitted, decision="accept", by=organiser)
    submitted.refresh_from_db()

    assert outsider.has_perm("review.respond_to_decision", submitted) is False


def test_answer_clarification_speaker_is_allowed(submitted, speaker, reviewer):
    clarification = ClarificationFactory(submission=submitted, asked_by=reviewer)

    assert speaker.has_perm("review.answer_clarification", clarification) is True


@pytest.mark.parametrize("who", ["reviewer", "organiser", "outsider"])
def test_answer_clarification_others_are_denied(submitted, reviewer, person, who):
    clarification = ClarificationFactory(submission=submitted, asked_by=reviewer)

    assert person(who).has_perm("review.answer_clarification", clarification) is False


def test_view_reviewing_reviewer_is_allowed(conference, reviewer):
    assert reviewer.has_perm("review.view_reviewing", conference) is True


def test_view_reviewing_mentor_is_denied(conference, mentor):
    assert mentor.has_perm("review.view_reviewing", conference) is False


@pytest.mark.parametrize("perm", ["review.manage_review", "review.redeem_code"])
def test_conference_rules_organiser_is_allowed(conference, organiser, perm):
    assert organiser.has_perm(perm, conference) is True


@pytest.mark.parametrize("perm", ["review.manage_review", "review.redeem_code"])
def test_conference_rules_reviewer_is_denied(conference, reviewer, perm):
    assert reviewer.has_perm(perm, conference) is False


def test_scoped_reviewer_track_role_is_per_conference(conference, other_conference, submitted):
    other_reviewer = ConferenceRoleFactory(conference=other_conference, role="reviewer").user

    assert other_reviewer.has_perm("review.view_submission_for_review", submitted) is False
