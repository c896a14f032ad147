"""The committee's services: conflicts, bids, assignment, reviews, clarifications, decisions."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cfp.models import Submission
from events.models import OutboxEvent
from review import selectors
from review.models import Assignment, Bid, Review
from review.services.committee import (
    assignment_add,
    assignment_remove,
    assignments_generate,
    bid_place,
    conflict_declare,
)
from review.services.decisions import decision_make, decision_respond, decisions_make_bulk
from review.services.reviews import clarification_answer, clarification_ask, review_submit
from review.services.setup import category_save, phase_save, review_settings_update
from tests.factories import ConferenceRoleFactory, SpeakerProfileFactory, TrackFactory, UserFactory
from tests.factories.cfp import SubmissionFactory
from tests.factories.review import AssignmentFactory, BidFactory, ScoreCategoryFactory

pytestmark = pytest.mark.django_db
State = Submission.State


# --- Conflicts of interest -----------------------------------------------------------------------


def test_conflict_own_submission_is_hidden(conference, catalogue, reviewer):
    own = SubmissionFactory(conference=conference, speakers=[reviewer], **catalogue)

    assert selectors.is_conflicted(reviewer, own) is True
    assert own not in selectors.in_scope(reviewer, conference)


def test_conflict_co_author_is_hidden(conference, other_conference, catalogue, reviewer):
    co_author = UserFactory()
    SubmissionFactory(conference=other_conference, speakers=[reviewer, co_author])
    theirs = SubmissionFactory(conference=conference, speakers=[co_author], **catalogue)

    assert selectors.is_conflicted(reviewer, theirs) is True


def test_conflict_same_company_ignores_case(conference, catalogue, reviewer):
    colleague = SpeakerProfileFactory(company="STREAMWORKS").user
    theirs = SubmissionFactory(conference=conference, speakers=[colleague], **catalogue)

    assert selectors.is_conflicted(reviewer, theirs) is True


def test_conflict_empty_company_is_no_conflict(conference, catalogue):
    reviewer = SpeakerProfileFactory(company="").user
    other = SpeakerProfileFactory(company="").user
    theirs = SubmissionFactory(conference=conference, speakers=[other], **catalogue)

    assert selectors.is_conflicted(reviewer, theirs) is False


def test_conflict_declare_hides_and_unassigns(assigned, reviewer, event_types):
    conflict_declare(reviewer=reviewer, submission=assigned, reason="My former student")

    assert selectors.is_conflicted(reviewer, assigned) is True
    assert Assignment.objects.filter(reviewer=reviewer).count() == 0
    assert event_types() == ["summit.review.conflict.declared.v1", "summit.review.assignment.removed.v1"]


def test_bid_place_replaces_the_earlier_bid(submitted, reviewer, event_types):
    bid_place(reviewer=reviewer, submission=submitted, level=Bid.Level.WILLING)
    bid_place(reviewer=reviewer, submission=submitted, level=Bid.Level.EAGER)

    assert list(Bid.objects.values_list("level", flat=True)) == ["eager"]
    assert event_types() == ["summit.review.bid.placed.v1"] * 2
    assert OutboxEvent.objects.last().data["level"] == "eager"


def test_bid_place_unknown_level_is_refused(submitted, reviewer):
    with pytest.raises(ValidationError):
        bid_place(reviewer=reviewer, submission=submitted, level="maybe")


# --- Assignment ----------------------------------------------------------------------------------


def _reviewers(conference, count, tracks=()):
    return [
        ConferenceRoleFactory(conference=conference, role="reviewer", tracks=list(tracks)).user for _ in range(count)
    ]


def test_assignments_generate_balances_the_load(conference, catalogue, organiser, event_types):
    reviewers = _reviewers(conference, 4)
    for _ in range(6):
        SubmissionFactory(conference=conference, **catalogue)

    created = assignments_generate(conference=conference, by=organiser)

    loads = sorted(Assignment.objects.filter(reviewer=r).count() for r in reviewers)
    assert created == 18
    assert loads == [4, 4, 5, 5]
    assert set(event_types()) == {"summit.review.assignment.created.v1"}


def test_assignments_generate_respects_tracks_conflicts_and_bids(
    conference, catalogue, organiser, track, other_track, reviewer
):
    review_settings_update(conference=conference, by=organiser, reviewers_per_submission=1)
    core_reviewer = _reviewers(conference, 1, tracks=[other_track])[0]
    mine = SubmissionFactory(conference=conference, speakers=[reviewer], **catalogue)
    core = SubmissionFactory(conference=conference, **(catalogue | {"track": other_track}))
    unwanted = SubmissionFactory(conference=conference, **catalogue)
    BidFactory(reviewer=reviewer, submission=unwanted, level=Bid.Level.NOT_INTERESTED)
    wanted = SubmissionFactory(conference=conference, **catalogue)

    assignments_generate(conference=conference, by=organiser)

    pairs = set(Assignment.objects.values_list("reviewer_id", "submission_id"))
    assert pairs == {(reviewer.pk, wanted.pk), (core_reviewer.pk, core.pk)}
    assert mine.review_assignments.count() == 0


def test_assignments_generate_prefers_eager_bidders(conference, catalogue, organiser):
    review_settings_update(conference=conference, by=organiser, reviewers_per_submission=1)
    first, second = _reviewers(conference, 2)
    submission = SubmissionFactory(conference=conference, **catalogue)
    BidFactory(reviewer=second, submission=submission, level=Bid.Level.EAGER)

    assignments_generate(conference=conference, by=organiser)

    assert list(submission.review_assignments.values_list("reviewer_id", flat=True)) == [second.pk]


def test_assignments_generate_twice_adds_nothing(conference, catalogue, organiser):
    _reviewers(conference, 3)
    SubmissionFactory(conference=conference, **catalogue)
    assignments_generate(conference=conference, by=organiser)

    assert assignments_generate(conference=conference, by=organiser) == 0


def test_assignment_add_conflicted_reviewer_is_refused(conference, catalogue, organiser, reviewer):
    own = SubmissionFactory(conference=conference, speakers=[reviewer], **catalogue)

    with pytest.raises(ValidationError, match="conflict"):
        assignment_add(submission=own, reviewer=reviewer, by=organiser)


def test_assignment_add_other_track_is_refused(conference, catalogue, organiser, reviewer, other_track):
    core = SubmissionFactory(conference=conference, **(catalogue | {"track": other_track}))

    with pytest.raises(ValidationError, match="track"):
        assignment_add(submission=core, reviewer=reviewer, by=organiser)


def test_assignment_add_twice_is_refused(submitted, organiser, reviewer):
    assignment_add(submission=submitted, reviewer=reviewer, by=organiser)

    with pytest.raises(ValidationError, match="already"):
        assignment_add(submission=submitted, reviewer=reviewer, by=organiser)


def test_assignment_add_non_reviewer_is_refused(submitted, organiser, outsider):
    with pytest.raises(ValidationError, match="not a reviewer"):
        assignment_add(submission=submitted, reviewer=outsider, by=organiser)


def test_assignment_remove_emits(submitted, organiser, reviewer, event_types):
    assignment = AssignmentFactory(submission=submitted, reviewer=reviewer)

    assignment_remove(assignment=assignment, by=organiser)

    assert event_types() == ["summit.review.assignment.removed.v1"]


# --- Reviews -------------------------------------------------------------------------------------


def test_review_submit_weights_the_scaled_scores(assigned, reviewer, categories, event_types):
    relevance, clarity = categories

    review = review_submit(
        reviewer=reviewer, submission=assigned, scores={relevance.pk: 5, clarity.pk: 4}, comment="Strong."
    )

    # Relevance 5 on 1–5 is 10, clarity 4 on 0–10 is 4; weights 2 and 1.
    assert review.total == Decimal("8.00")
    assert event_types() == ["summit.review.review.submitted.v1"]
    assert OutboxEvent.objects.get().data["scores"] == {"Relevance": 5, "Clarity": 4}


def test_review_submit_again_updates_the_one_review(assigned, reviewer, categories):
    relevance, clarity = categories
    review_submit(reviewer=reviewer, submission=assigned, scores={relevance.pk: 1, clarity.pk: 0})

    review_submit(reviewer=reviewer, submission=assigned, scores={relevance.pk: 5, clarity.pk: 10})

    review = Review.objects.get()
    assert review.total == Decimal("10.00")
    assert sorted(review.scores.values_list("value", flat=True)) == [5, 10]


@pytest.mark.parametrize("value", [0, 6])
def test_review_submit_score_off_the_scale_is_refused(assigned, reviewer, categories, value):
    relevance, clarity = categories

    with pytest.raises(ValidationError, match="from 1 to 5"):
        review_submit(reviewer=reviewer, submission=assigned, scores={relevance.pk: value, clarity.pk: 3})

    assert Review.objects.count() == 0


def test_review_submit_missing_score_is_refused(assigned, reviewer, categories):
    with pytest.raises(ValidationError, match="Please score Clarity"):
        review_submit(reviewer=reviewer, submission=assigned, scores={categories[0].pk: 3})


def test_review_submit_category_of_another_track_is_refused(conference, assigned, reviewer, categories, other_track):
    core_only = ScoreCategoryFactory(conference=conference, track=other_track)

    with pytest.raises(ValidationError, match="do not apply"):
        review_submit(
            reviewer=reviewer,
            submission=assigned,
            scores={categories[0].pk: 3, categories[1].pk: 3, core_only.pk: 3},
        )


def test_review_submit_without_categories_is_refused(assigned, reviewer):
    with pytest.raises(ValidationError, match="score categories"):
        review_submit(reviewer=reviewer, submission=assigned, scores={})


def test_review_submit_decided_submission_is_refused(assigned, reviewer, categories, organiser):
    decision_make(submission=assigned, decision="accept", by=organiser)

    with pytest.raises(ValidationError, match="decided"):
        review_submit(reviewer=reviewer, submission=assigned, scores={c.pk: 3 for c in categories})


def test_clarification_ask_and_answer(
    assigned, reviewer, speaker, event_types, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        clarification = clarification_ask(reviewer=reviewer, submission=assigned, question="  Which version?  ")
    clarification_answer(clarification=clarification, by=speaker, answer="Kafka 3.7.")

    clarification.refresh_from_db()
    assert (clarification.question, clarification.answer) == ("Which version?", "Kafka 3.7.")
    assert event_types() == ["summit.review.clarification.asked.v1", "summit.review.clarification.answered.v1"]
    assert OutboxEvent.objects.first().data == {
        "conference": assigned.conference.slug,
        "submission": assigned.code,
        "clarification_id": clarification.pk,
    }
    assert [m.to for m in mailoutbox] == [[speaker.email]]
    assert reviewer.name not in mailoutbox[0].body


def test_clarification_blank_question_is_refused(assigned, reviewer):
    with pytest.raises(ValidationError):
        clarification_ask(reviewer=reviewer, submission=assigned, question="   ")


def test_clarification_blank_answer_is_refused(assigned, reviewer, speaker):
    clarification = clarification_ask(reviewer=reviewer, submission=assigned, question="Why?")

    with pytest.raises(ValidationError):
        clarification_answer(clarification=clarification, by=speaker, answer=" ")


# --- Decisions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "decision, state, event",
    [
        ("accept", State.ACCEPTED, "accepted"),
        ("reject", State.REJECTED, "rejected"),
        ("waitlist", State.WAITLISTED, "waitlisted"),
    ],
)
def test_decision_make_goes_through_the_transition(submitted, organiser, event_types, decision, state, event):
    decision_make(submission=submitted, decision=decision, by=organiser)

    submitted.refresh_from_db()
    assert submitted.state == state
    assert event_types() == [f"summit.cfp.submission.{event}.v1"]


def test_decision_unknown_is_refused(submitted, organiser):
    with pytest.raises(ValidationError):
        decision_make(submission=submitted, decision="maybe", by=organiser)


def test_decisions_bulk_is_all_or_nothing(conference, catalogue, organiser):
    fine = SubmissionFactory(conference=conference, **catalogue)
    withdrawn = SubmissionFactory(conference=conference, state=State.WITHDRAWN, **catalogue)

    with pytest.raises(ValidationError, match=withdrawn.code):
        decisions_make_bulk(conference=conference, codes=[fine.code, withdrawn.code], decision="accept", by=organiser)

    fine.refresh_from_db()
    assert fine.state == State.SUBMITTED


def test_decisions_bulk_unknown_code_is_refused(submitted, organiser):
    with pytest.raises(ValidationError, match="do not exist"):
        decisions_make_bulk(
            conference=submitted.conference, codes=[submitted.code, "ZZZZZZZZ"], decision="reject", by=organiser
        )


@pytest.mark.parametrize("confirm, state", [(True, State.CONFIRMED), (False, State.DECLINED)])
def test_decision_respond(submitted, organiser, speaker, confirm, state):
    decision_make(submission=submitted, decision="accept", by=organiser)

    decision_respond(submission=submitted, confirm=confirm, by=speaker)

    submitted.refresh_from_db()
    assert submitted.state == state


# --- Setup ---------------------------------------------------------------------------------------


def test_category_save_bad_scale_is_refused(conference, organiser):
    with pytest.raises(ValidationError, match="above the lowest"):
        category_save(conference=conference, by=organiser, name="Novelty", min_score=5, max_score=5, weight=1)


def test_category_save_other_conference_track_is_refused(conference, organiser, other_conference):
    foreign = TrackFactory(conference=other_conference)

    with pytest.raises(ValidationError, match="tracks"):
        category_save(conference=conference, by=organiser, name="Novelty", track=foreign)


def test_category_scale_change_after_reviews_is_refused(assigned, reviewer, categories, organiser):
    review_submit(reviewer=reviewer, submission=assigned, scores={c.pk: 3 for c in categories})

    with pytest.raises(ValidationError, match="already use"):
        category_save(conference=assigned.conference, by=organiser, category=categories[0], min_score=0, max_score=5)


def test_phase_save_overlap_is_refused(conference, organiser):
    import datetime as dt

    from django.utils import timezone

    now = timezone.now()
    phase_save(conference=conference, by=organiser, kind="bidding", starts_at=now, ends_at=now + dt.timedelta(days=3))

    with pytest.raises(ValidationError, match="overlaps"):
        phase_save(
            conference=conference,
            by=organiser,
            kind="reviewing",
            starts_at=now + dt.timedelta(days=2),
            ends_at=now + dt.timedelta(days=9),
        )


def test_review_settings_update_emits_the_change(conference, organiser, event_types):
    review_settings_update(conference=conference, by=organiser, anonymous=False)
    review_settings_update(conference=conference, by=organiser, anonymous=False)

    assert event_types() == ["summit.review.settings.updated.v1"]
    assert OutboxEvent.objects.get().data["changed_fields"] == ["anonymous"]


def test_setup_changes_emit_their_events(conference, organiser, event_types):
    import datetime as dt

    from django.utils import timezone

    from review.services.setup import category_delete, phase_delete

    now = timezone.now()
    phase = phase_save(
        conference=conference, by=organiser, kind="bidding", starts_at=now, ends_at=now + dt.timedelta(1)
    )
    phase_delete(phase=phase, by=organiser)
    category = category_save(conference=conference, by=organiser, name="Novelty", min_score=1, max_score=5, weight=1)
    category_delete(category=category, by=organiser)

    assert event_types() == [
        "summit.review.phase.saved.v1",
        "summit.review.phase.deleted.v1",
        "summit.review.category.saved.v1",
        "summit.review.category.deleted.v1",
    ]
