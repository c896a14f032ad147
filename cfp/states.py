"""The submission state machine: which transitions exist and what each one is called in events."""

from cfp.models import Submission

State = Submission.State

# to_state -> states it may be reached from
TRANSITIONS: dict[str, frozenset[str]] = {
    State.SUBMITTED: frozenset({State.DRAFT}),
    State.UNDER_REVIEW: frozenset({State.SUBMITTED}),
    State.ACCEPTED: frozenset({State.SUBMITTED, State.UNDER_REVIEW, State.WAITLISTED}),
    State.REJECTED: frozenset({State.SUBMITTED, State.UNDER_REVIEW, State.WAITLISTED}),
    State.WAITLISTED: frozenset({State.SUBMITTED, State.UNDER_REVIEW}),
    State.CONFIRMED: frozenset({State.ACCEPTED}),
    State.DECLINED: frozenset({State.ACCEPTED}),
    # Speakers may withdraw at any time before the decision.
    State.WITHDRAWN: frozenset({State.DRAFT, State.SUBMITTED, State.UNDER_REVIEW, State.WAITLISTED}),
}

EVENT_NAMES: dict[str, str] = {
    State.SUBMITTED: "submitted",
    State.UNDER_REVIEW: "review_started",
    State.ACCEPTED: "accepted",
    State.REJECTED: "rejected",
    State.WAITLISTED: "waitlisted",
    State.CONFIRMED: "confirmed",
    State.DECLINED: "declined",
    State.WITHDRAWN: "withdrawn",
}

# States in which speakers may still change their text (and only while the CFP is open, except drafts).
EDITABLE_STATES = frozenset({State.DRAFT, State.SUBMITTED})
# States that count towards the per-speaker cap.
COUNTED_STATES = frozenset(set(State.values) - {State.DRAFT, State.WITHDRAWN})


def can_transition(from_state: str, to_state: str) -> bool:
    return from_state in TRANSITIONS.get(to_state, frozenset())
