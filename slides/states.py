"""The state machine of a talk's slides (`TalkSlides.status`): which transitions exist.
`slides.services.records.talk_slides_transition` is the only code that changes the status.

The event depends on the cause, not only on the two statuses: the late flag, a publication and its
withdrawal emit their own (`talk.flagged_late`, `deck.published`, `deck.unpublished`), passed to the
transition; an upload, a verdict or an extension emits the event of the version, the review or the
extension, which carries the status it left (a final uploaded over a published deck is an upload,
not a withdrawal).
"""

from slides.models import Status

# to_status -> statuses it may be reached from
TRANSITIONS: dict[str, frozenset[str]] = {
    # An extension lifts the late flag back to what the versions and reviews say.
    Status.MISSING: frozenset({Status.LATE}),
    # A draft upload; after a publication too (the organiser may publish before the talk starts,
    # and uploads stay open until then). A draft after a final keeps the talk "final in".
    Status.DRAFT_IN: frozenset(
        {Status.MISSING, Status.DRAFT_IN, Status.CHANGES_REQUESTED, Status.APPROVED, Status.LATE, Status.PUBLISHED}
    ),
    # A verdict on the newest draft during the read-through, or an extension lifting the late flag.
    Status.CHANGES_REQUESTED: frozenset({Status.DRAFT_IN, Status.CHANGES_REQUESTED, Status.APPROVED, Status.LATE}),
    Status.APPROVED: frozenset({Status.DRAFT_IN, Status.CHANGES_REQUESTED, Status.APPROVED, Status.LATE}),
    # A final upload from anywhere, or the withdrawal of a published deck.
    Status.FINAL_IN: frozenset(
        {
            Status.MISSING,
            Status.DRAFT_IN,
            Status.CHANGES_REQUESTED,
            Status.APPROVED,
            Status.FINAL_IN,
            Status.LATE,
            Status.PUBLISHED,
        }
    ),
    # A missed deadline: never once the final is in.
    Status.LATE: frozenset({Status.MISSING, Status.DRAFT_IN, Status.CHANGES_REQUESTED, Status.APPROVED}),
    # Publication needs a final version: a talk without one is missing or late.
    Status.PUBLISHED: frozenset({Status.DRAFT_IN, Status.CHANGES_REQUESTED, Status.APPROVED, Status.FINAL_IN}),
}


def can_transition(from_status: str, to_status: str) -> bool:
    return from_status in TRANSITIONS.get(to_status, frozenset())
