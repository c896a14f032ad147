"""Bids, conflicts of interest and the assignment of reviewers to submissions."""

import random
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cfp.models import Submission
from conference.models import Conference, ConferenceRole
from conference.selectors import reviewer_track_ids
from events.services import emit
from review import selectors
from review.models import Assignment, Bid, Conflict

# Lower is better when choosing reviewers: an eager bid counts as one fewer review in the load.
BID_BONUS: dict[str | None, float] = {Bid.Level.EAGER: 1.0, Bid.Level.WILLING: 0.5}


def _data(reviewer, submission: Submission) -> dict:
    return {"conference": submission.conference.slug, "submission": submission.code, "reviewer_id": reviewer.pk}


@transaction.atomic
def bid_place(*, reviewer, submission: Submission, level: str) -> Bid:
    if level not in Bid.Level.values:
        raise ValidationError({"level": _("Choose eager, willing or not interested.")})
    bid, created = Bid.objects.update_or_create(reviewer=reviewer, submission=submission, defaults={"level": level})
    emit(
        "summit.review.bid.placed.v1",
        subject=submission.subject,
        data=_data(reviewer, submission) | {"level": level},
        conference_slug=submission.conference.slug,
        actor=reviewer,
    )
    return bid


@transaction.atomic
def conflict_declare(*, reviewer, submission: Submission, reason: str = "") -> Conflict:
    conflict, _created = Conflict.objects.get_or_create(
        reviewer=reviewer, submission=submission, defaults={"reason": reason[:300]}
    )
    emit(
        "summit.review.conflict.declared.v1",
        subject=submission.subject,
        data=_data(reviewer, submission),
        conference_slug=submission.conference.slug,
        actor=reviewer,
    )
    # A conflicted reviewer no longer reviews it; the organisers' page shows the gap to fill.
    for assignment in Assignment.objects.filter(reviewer=reviewer, submission=submission):
        assignment_remove(assignment=assignment, by=reviewer)
    return conflict


def _emit_assignment(assignment: Assignment, happened: str, by) -> None:
    submission = assignment.submission
    emit(
        f"summit.review.assignment.{happened}.v1",
        subject=submission.subject,
        data=_data(assignment.reviewer, submission) | {"is_automatic": assignment.is_automatic},
        conference_slug=submission.conference.slug,
        actor=by,
    )


def reviewers_of(conference: Conference) -> list:
    return [
        role.user
        for role in ConferenceRole.objects.filter(conference=conference, role=ConferenceRole.Role.REVIEWER)
        .select_related("user")
        .order_by("user__email")
    ]


@transaction.atomic
def assignment_add(*, submission: Submission, reviewer, by, is_automatic: bool = False) -> Assignment:
    if reviewer not in reviewers_of(submission.conference):
        raise ValidationError({"reviewer": _("This person is not a reviewer of the conference.")})
    track_ids = reviewer_track_ids(reviewer, submission.conference)
    if track_ids is not None and submission.track_id not in track_ids:
        raise ValidationError(
            {"reviewer": _("This reviewer does not review the %(track)s track.") % {"track": submission.track.name}}
        )
    if selectors.is_conflicted(reviewer, submission):
        raise ValidationError({"reviewer": _("This reviewer has a conflict of interest with this submission.")})
    if submission.state not in selectors.OPEN_STATES:
        raise ValidationError(_("Only submissions awaiting a decision can be assigned."))
    assignment, created = Assignment.objects.get_or_create(
        reviewer=reviewer, submission=submission, defaults={"is_automatic": is_automatic}
    )
    if not created:
        raise ValidationError({"reviewer": _("This reviewer is already assigned.")})
    _emit_assignment(assignment, "created", by)
    return assignment


@transaction.atomic
def assignment_remove(*, assignment: Assignment, by) -> None:
    assignment.delete()
    _emit_assignment(assignment, "removed", by)


@transaction.atomic
def assignments_generate(*, conference: Conference, by, seed: int = 0) -> int:
    """Gives each open submission up to N reviewers (N from the settings): reviewers of its track,
    without a conflict or a "not interested" bid, preferring eager then willing bidders and, above
    all, whoever has the fewest assignments so far. Existing assignments are kept. Returns how many
    were created."""
    needed = selectors.review_settings_for(conference).reviewers_per_submission
    reviewers = reviewers_of(conference)
    rng = random.Random(seed)
    submissions = list(
        Submission.objects.filter(conference=conference, state__in=selectors.OPEN_STATES)
        .select_related("conference", "track")
        .order_by("pk")
    )
    scope = {r.pk: reviewer_track_ids(r, conference) for r in reviewers}
    conflicts = {r.pk: set(selectors.conflicted_ids(r, conference).values_list("pk", flat=True)) for r in reviewers}
    bids = {
        (bid.reviewer_id, bid.submission_id): bid.level
        for bid in Bid.objects.filter(submission__conference=conference).only("reviewer_id", "submission_id", "level")
    }
    existing: dict[int, set[int]] = defaultdict(set)
    load: dict[int, int] = defaultdict(int)
    for reviewer_id, submission_id in Assignment.objects.filter(submission__conference=conference).values_list(
        "reviewer_id", "submission_id"
    ):
        existing[submission_id].add(reviewer_id)
        load[reviewer_id] += 1

    def eligible(submission: Submission) -> list:
        return [
            r
            for r in reviewers
            if ((tracks := scope[r.pk]) is None or submission.track_id in tracks)
            and submission.pk not in conflicts[r.pk]
            and bids.get((r.pk, submission.pk)) != Bid.Level.NOT_INTERESTED
            and r.pk not in existing[submission.pk]
        ]

    candidates = {s.pk: eligible(s) for s in submissions}
    # The hardest to staff first, so their few possible reviewers are not used up elsewhere.
    submissions.sort(key=lambda s: (len(candidates[s.pk]), rng.random()))
    created = 0
    for submission in submissions:
        missing = needed - len(existing[submission.pk])
        pool = candidates[submission.pk]
        order = {r.pk: rng.random() for r in pool}
        for _step in range(max(missing, 0)):
            if not pool:
                break
            best = min(
                pool, key=lambda r: (load[r.pk] - BID_BONUS.get(bids.get((r.pk, submission.pk)), 0), order[r.pk])
            )
            pool = [r for r in pool if r.pk != best.pk]
            assignment = Assignment.objects.create(reviewer=best, submission=submission, is_automatic=True)
            _emit_assignment(assignment, "created", by)
            existing[submission.pk].add(best.pk)
            load[best.pk] += 1
            created += 1
    return created
