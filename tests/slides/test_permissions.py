"""Every slides rule, with someone it lets in and someone it keeps out. Before publication a deck is
its speakers', the talk's slide reviewers' and the organisers' only; a reviewer never sees the deck
of a talk they have a conflict of interest with."""

import pytest

from review.services.committee import conflict_declare
from tests.factories import SlideReviewerFactory, SlidesSettingsFactory, TrackFactory
from tests.factories.cfp import SubmissionFactory
from tests.permission_cases import cases

pytestmark = pytest.mark.django_db

ORGANISER_TALK_RULES = ["slides.extend_deadline", "slides.view_reminders"]
SPEAKER_RULES = ["slides.upload", "slides.opt_out"]


@pytest.fixture
def proposal(conference, speaker):
    """Ada's proposal, not (yet) accepted: it has no slides."""
    return SubmissionFactory(conference=conference, speakers=[speaker], state="submitted")


@pytest.fixture
def slide_reviewer(conference):
    """Appointed to review slides of every track; no reviewer of proposals."""
    return SlideReviewerFactory(conference=conference).user


@pytest.fixture
def other_tracks_slide_reviewer(conference):
    appointment = SlideReviewerFactory(conference=conference)
    appointment.tracks.set([TrackFactory(conference=conference)])
    return appointment.user


@pytest.fixture
def conflicted_reviewer(reviewer, talk):
    """A reviewer of every track who declared a conflict of interest with Ada's talk."""
    conflict_declare(reviewer=reviewer, submission=talk)
    return reviewer


@pytest.fixture
def conflicted_slide_reviewer(slide_reviewer, talk):
    conflict_declare(reviewer=slide_reviewer, submission=talk)
    return slide_reviewer


@pytest.fixture
def reviewer_without_slides(reviewer, conference):
    """A reviewer of every track, at a conference where track reviewers do not review slides."""
    SlidesSettingsFactory(conference=conference, track_reviewers_review_slides=False)
    conference.refresh_from_db()
    return reviewer


ALLOWED = [
    *cases(SPEAKER_RULES, "speaker", "talk"),
    *cases("slides.view_talk", ["speaker", "organiser", "reviewer", "slide_reviewer", "staff"], "talk"),
    *cases("slides.review", ["organiser", "reviewer", "slide_reviewer"], "talk"),
    *cases(ORGANISER_TALK_RULES, ["organiser", "staff"], "talk"),
    *cases("slides.open_review_list", ["organiser", "reviewer", "slide_reviewer"], "conference"),
    *cases("slides.manage", ["organiser", "staff"], "conference"),
]

DENIED = [
    *cases(SPEAKER_RULES, ["other_speaker", "organiser", "anonymous"], "talk"),
    *cases(SPEAKER_RULES, "speaker", "proposal"),
    *cases(
        ["slides.view_talk", "slides.review"], ["other_speaker", "attendee", "other_organiser", "anonymous"], "talk"
    ),
    *cases(
        ["slides.view_talk", "slides.review"],
        ["conflicted_reviewer", "conflicted_slide_reviewer", "other_tracks_slide_reviewer", "reviewer_without_slides"],
        "talk",
    ),
    *cases(["slides.view_talk", "slides.review"], ["organiser", "reviewer"], "proposal"),
    *cases("slides.review", "speaker", "talk"),
    *cases(ORGANISER_TALK_RULES, ["speaker", "reviewer", "slide_reviewer", "other_organiser"], "talk"),
    *cases("slides.open_review_list", ["speaker", "attendee", "other_organiser", "anonymous"], "conference"),
    *cases("slides.open_review_list", "slide_reviewer", "other_conference"),
    *cases("slides.manage", ["reviewer", "slide_reviewer", "other_organiser", "anonymous"], "conference"),
]


@pytest.mark.parametrize("case", ALLOWED, ids=str)
def test_rule_allows(request, case):
    assert case.has_perm(request) is True


@pytest.mark.parametrize("case", DENIED, ids=str)
def test_rule_denies(request, case):
    assert case.has_perm(request) is False
