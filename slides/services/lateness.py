"""Per-talk deadline extensions by organisers, and the late flag after a missed deadline.

A talk is late when a deadline in force has passed without the version it asked for: no deck at
all by the draft deadline (a final uploaded early counts as a draft too), or no final by the final
deadline. `late` is set here only (core clears it when the speaker uploads); an extension that moves
every missed deadline into the future puts the talk back where its versions and reviews leave it.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cfp.models import Submission
from events.services import emit
from schedule.models import ScheduleSlot
from slides import deadlines
from slides.models import DeadlineExtension, Kind, SlideReview, SlideVersion, Status, TalkSlides
from slides.permissions import SLIDE_STATES
from slides.selectors.talks import settings_for
from slides.services.records import locked_talk_slides, talk_slides_transition

# The refusals of deadline_extend that are about the new deadline itself (forms show them on `until`).
UNTIL_ERRORS = frozenset({"past", "after_talk_start"})
# Statuses the late flag may replace: a talk with its final in, or already published, is never late.
FLAGGABLE = frozenset({Status.MISSING, Status.DRAFT_IN, Status.CHANGES_REQUESTED, Status.APPROVED})


def missed_kind(
    due: deadlines.Deadlines, *, has_version: bool, has_final: bool, now: dt.datetime
) -> tuple[str, dt.datetime] | None:
    """The deadline the talk has missed (the final first: it is the later and the graver), or None."""
    if due.final is not None and now >= due.final and not has_final:
        return Kind.FINAL, due.final
    if due.draft is not None and now >= due.draft and not has_version:
        return Kind.DRAFT, due.draft
    return None


def deadlines_of(submission: Submission, talk: TalkSlides | None) -> deadlines.Deadlines:
    """One talk's deadlines in force (extensions included) and its slot's times."""
    slot = ScheduleSlot.objects.filter(submission=submission).values_list("starts_at", "ends_at").first()
    starts_at, ends_at = slot or (None, None)
    return deadlines.compute(submission.conference, settings_for(submission.conference), talk, starts_at, ends_at)


def versions_in(talk: TalkSlides) -> tuple[bool, bool]:
    kinds = set(SlideVersion.objects.filter(talk=talk).values_list("kind", flat=True).distinct())
    return bool(kinds), Kind.FINAL in kinds


def status_without_late(talk: TalkSlides) -> str:
    """What the talk's versions and reviews say, as if it had never been late."""
    latest = SlideVersion.objects.filter(talk=talk).order_by("-number").first()
    if latest is None:
        return Status.MISSING
    if latest.kind == Kind.FINAL:
        return Status.FINAL_IN
    reviews = SlideReview.objects.filter(version=latest).order_by("-created_at", "-id")
    verdict = reviews.values_list("verdict", flat=True)
    status_of_verdict: dict[str | None, str] = {
        SlideReview.Verdict.APPROVED: Status.APPROVED,
        SlideReview.Verdict.CHANGES_REQUESTED: Status.CHANGES_REQUESTED,
    }
    return status_of_verdict.get(verdict.first(), Status.DRAFT_IN)


def utc(when: dt.datetime | None) -> dt.datetime | None:
    """Events carry UTC times, whichever zone the caller used."""
    return when.astimezone(dt.UTC) if when is not None else None


def _local(conference, when: dt.datetime) -> str:
    return f"{date_format(when.astimezone(conference.tzinfo), 'DATETIME_FORMAT')} ({conference.timezone})"


@transaction.atomic
def deadline_extend(
    *, submission: Submission, kind: str, until: dt.datetime, reason: str = "", by, now: dt.datetime | None = None
) -> DeadlineExtension:
    """Moves one talk's draft or final deadline to `until`, keeps the history, and lifts the late flag
    when no deadline in force is missed any more. A new deadline opens a new round of reminders."""
    now = now or timezone.now()
    if submission.state not in SLIDE_STATES:
        raise ValidationError(_("Only accepted talks have slide deadlines."), code="not_accepted")
    if kind not in Kind.values:
        raise ValidationError(_("Choose the draft or the final deadline."), code="unknown_kind")
    if until <= now:
        raise ValidationError(_("The new deadline must be in the future."), code="past")
    talk = locked_talk_slides(submission)
    before = deadlines_of(submission, talk)
    if before.locks_at is not None and until > before.locks_at:
        raise ValidationError(
            _("Uploads lock when the talk starts, %(start)s: the new deadline must be before then.")
            % {"start": _local(submission.conference, before.locks_at)},
            code="after_talk_start",
        )
    field = "draft_due_extended_to" if kind == Kind.DRAFT else "final_due_extended_to"
    setattr(talk, field, until)
    previous_status = talk.status
    lifted = False
    if talk.status == Status.LATE:
        has_version, has_final = versions_in(talk)
        lifted = (
            missed_kind(deadlines_of(submission, talk), has_version=has_version, has_final=has_final, now=now) is None
        )
    if lifted:
        talk_slides_transition(
            talk=talk, to_status=status_without_late(talk), fields={field: until, "late_since": None}
        )
    else:
        talk.save(update_fields=[field, "updated_at"])
    extension = DeadlineExtension.objects.create(talk=talk, kind=kind, until=until, reason=reason, granted_by=by)
    emit(
        "summit.slides.deadline.extended.v1",
        subject=talk.subject,
        data={
            "conference": submission.conference.slug,
            "submission": submission.code,
            "extension_id": extension.pk,
            "kind": kind,
            "until": utc(until),
            "previous": utc(before.due(kind)),
            "reason": reason,
            "granted_by": getattr(by, "pk", None),
            "status": talk.status,
            "previous_status": previous_status,
        },
        conference_slug=submission.conference.slug,
        actor=by,
    )
    return extension


@transaction.atomic
def talk_flag_late(*, submission: Submission, now: dt.datetime | None = None) -> bool:
    """Flags the talk late if, under its row lock, it still misses a deadline; False when it does not
    (uploaded meanwhile, extended, already late): two beat workers flag it, and emit, once."""
    now = now or timezone.now()
    if submission.state not in SLIDE_STATES:
        return False
    talk = locked_talk_slides(submission)
    if talk.status not in FLAGGABLE:
        return False
    has_version, has_final = versions_in(talk)
    missed = missed_kind(deadlines_of(submission, talk), has_version=has_version, has_final=has_final, now=now)
    if missed is None:
        return False
    kind, deadline = missed
    talk_slides_transition(
        talk=talk,
        to_status=Status.LATE,
        fields={"late_since": deadline},
        event="talk.flagged_late",
        data={
            "conference": submission.conference.slug,
            "submission": submission.code,
            "kind": kind,
            "deadline": utc(deadline),
            "previous_status": talk.status,
        },
    )
    return True
