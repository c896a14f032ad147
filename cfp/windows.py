"""When the call for papers accepts work, in one place."""

from datetime import datetime

from django.db.models import F
from django.utils import timezone

from cfp import states
from cfp.models import LateAccessCode, Submission
from conference.models import Conference


def cfp_is_open(conference: Conference, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    if conference.cfp_opens_at is None or conference.cfp_closes_at is None:
        return False
    return conference.cfp_opens_at <= now < conference.cfp_closes_at


def cfp_has_closed(conference: Conference, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return conference.cfp_closes_at is not None and now >= conference.cfp_closes_at


def usable_late_code(conference: Conference, code: str, now: datetime | None = None) -> LateAccessCode | None:
    if not code:
        return None
    now = now or timezone.now()
    return (
        LateAccessCode.objects.filter(conference=conference, code=code.strip(), valid_until__gt=now)
        .filter(uses__lt=F("max_uses"))
        .first()
    )


def claim_late_code(code: LateAccessCode) -> bool:
    """Counts one use; False when a concurrent submission took the last one."""
    return LateAccessCode.objects.filter(pk=code.pk, uses__lt=F("max_uses")).update(uses=F("uses") + 1) == 1


def speakers_may_edit(submission: Submission, now: datetime | None = None) -> bool:
    """Drafts stay editable; a submitted proposal only until the call closes; later states never."""
    if submission.state not in states.EDITABLE_STATES:
        return False
    return submission.state == Submission.State.DRAFT or not cfp_has_closed(submission.conference, now)


def new_proposal_access(conference: Conference, late_code: str = "", now: datetime | None = None) -> str:
    """What the new-proposal page may offer a speaker now: "open" (the call is open), "late" (it has
    closed and `late_code` is usable), "closed" or "not_open" (not yet, or no dates set)."""
    now = now or timezone.now()
    if cfp_is_open(conference, now):
        return "open"
    if not cfp_has_closed(conference, now):
        return "not_open"
    return "late" if usable_late_code(conference, late_code, now) is not None else "closed"
