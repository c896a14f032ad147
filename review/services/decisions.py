"""The organisers' decisions and the speakers' answers. Every state change goes through
cfp's one transition function, which emits the submission's event."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cfp.models import Submission
from cfp.services.submissions import submission_transition
from conference.models import Conference

DECISIONS = {
    "accept": Submission.State.ACCEPTED,
    "reject": Submission.State.REJECTED,
    "waitlist": Submission.State.WAITLISTED,
}


def _target(decision: str) -> str:
    if decision not in DECISIONS:
        raise ValidationError({"decision": _("Choose accept, reject or waitlist.")})
    return DECISIONS[decision]


@transaction.atomic
def decision_make(*, submission: Submission, decision: str, by) -> Submission:
    target = _target(decision)
    submission = (
        Submission.objects.select_for_update()
        .select_related("conference", "track", "level", "submission_type")
        .get(pk=submission.pk)
    )
    return submission_transition(submission=submission, to_state=target, by=by)


@transaction.atomic
def decisions_make_bulk(*, conference: Conference, codes: list[str], decision: str, by) -> int:
    """All or nothing: one submission that cannot take the decision leaves every one unchanged."""
    target = _target(decision)
    submissions = list(
        Submission.objects.select_for_update()
        .filter(conference=conference, code__in=codes)
        .select_related("conference", "track", "level", "submission_type")
        .order_by("pk")
    )
    if len(submissions) != len(set(codes)):
        raise ValidationError({"codes": _("Some of these submissions do not exist in this conference.")})
    for submission in submissions:
        try:
            submission_transition(submission=submission, to_state=target, by=by)
        except ValidationError as error:
            raise ValidationError(
                {"codes": f"{submission.code} ({submission.title}): {' '.join(error.messages)}"}
            ) from error
    return len(submissions)


@transaction.atomic
def decision_respond(*, submission: Submission, confirm: bool, by) -> Submission:
    """The accepted speaker confirms they will give the talk, or declines."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    target = Submission.State.CONFIRMED if confirm else Submission.State.DECLINED
    return submission_transition(submission=submission, to_state=target, by=by)
