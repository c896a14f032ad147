"""The submission state machine: every allowed transition, and every other one refused."""

import itertools

import pytest
from django.core.exceptions import ValidationError

from cfp.models import Submission
from cfp.services.submissions import submission_transition
from events.models import OutboxEvent
from events.registry import validate_envelope
from tests.factories.cfp import SubmissionFactory

pytestmark = pytest.mark.django_db

State = Submission.State

# (from, to) -> the event's <happened>, written out here rather than read from cfp.states.
ALLOWED = {
    (State.DRAFT, State.SUBMITTED): "submitted",
    (State.SUBMITTED, State.UNDER_REVIEW): "review_started",
    (State.SUBMITTED, State.ACCEPTED): "accepted",
    (State.UNDER_REVIEW, State.ACCEPTED): "accepted",
    (State.WAITLISTED, State.ACCEPTED): "accepted",
    (State.SUBMITTED, State.REJECTED): "rejected",
    (State.UNDER_REVIEW, State.REJECTED): "rejected",
    (State.WAITLISTED, State.REJECTED): "rejected",
    (State.SUBMITTED, State.WAITLISTED): "waitlisted",
    (State.UNDER_REVIEW, State.WAITLISTED): "waitlisted",
    (State.ACCEPTED, State.CONFIRMED): "confirmed",
    (State.ACCEPTED, State.DECLINED): "declined",
    (State.DRAFT, State.WITHDRAWN): "withdrawn",
    (State.SUBMITTED, State.WITHDRAWN): "withdrawn",
    (State.UNDER_REVIEW, State.WITHDRAWN): "withdrawn",
    (State.WAITLISTED, State.WITHDRAWN): "withdrawn",
}
DISALLOWED = sorted(set(itertools.product(State.values, State.values)) - set(ALLOWED))


def _submission_in(state: str, conference, speaker) -> Submission:
    submission = SubmissionFactory(conference=conference, state=state, speakers=[speaker])
    if state == State.DRAFT:
        # submission_submit stamps the time before the transition; the database insists on it.
        Submission.objects.filter(pk=submission.pk).update(submitted_at=submission.created_at)
        submission.refresh_from_db()
    return submission


@pytest.mark.parametrize(("from_state", "to_state"), sorted(ALLOWED))
def test_transition_allowed_changes_state_and_emits_event(conference, speaker, from_state, to_state):
    submission = _submission_in(from_state, conference, speaker)

    submission_transition(submission=submission, to_state=to_state, by=speaker)

    submission.refresh_from_db()
    event = OutboxEvent.objects.get()
    assert submission.state == to_state
    assert event.type == f"summit.cfp.submission.{ALLOWED[from_state, to_state]}.v1"
    assert event.subject == f"submission/{submission.code}"
    assert event.source == f"/summit/{conference.slug}"
    assert event.actor == f"user/{speaker.pk}"
    assert (event.data["state"], event.data["previous_state"]) == (to_state, from_state)
    validate_envelope(event.as_cloudevent())


@pytest.mark.parametrize(("from_state", "to_state"), DISALLOWED)
def test_transition_disallowed_raises_and_changes_nothing(conference, speaker, from_state, to_state):
    submission = SubmissionFactory(conference=conference, state=from_state, speakers=[speaker])

    with pytest.raises(ValidationError) as raised:
        submission_transition(submission=submission, to_state=to_state, by=speaker)

    submission.refresh_from_db()
    assert raised.value.code == "invalid_transition"
    assert submission.state == from_state
    assert OutboxEvent.objects.count() == 0


def test_transition_disallowed_says_both_states(conference, speaker):
    submission = SubmissionFactory(conference=conference, state=State.REJECTED, speakers=[speaker])

    with pytest.raises(ValidationError) as raised:
        submission_transition(submission=submission, to_state=State.ACCEPTED, by=speaker)

    assert raised.value.messages == ["A submission that is Not accepted cannot become Accepted."]
