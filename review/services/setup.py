"""Organisers' review setup: settings (anonymity, reviewers per proposal, …), phases, score categories."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.settings_update import settings_row_locked, settings_save_changes
from conference.models import Conference
from events.services import emit
from review.models import ReviewPhase, ReviewSettings, ScoreCategory

SETTINGS_FIELDS = [
    "anonymous",
    "reviewers_per_submission",
    "restrict_to_assigned",
    "show_others_after_review",
    "discount_percent",
    "reminder_after_days",
]
PHASE_FIELDS = ["kind", "starts_at", "ends_at", "can_bid", "can_review"]
CATEGORY_FIELDS = ["name", "help_text", "min_score", "max_score", "weight", "track", "position"]


def _subject(conference: Conference) -> str:
    return f"conference/{conference.slug}/review"


@transaction.atomic
def review_settings_update(*, conference: Conference, by, **fields: Any) -> ReviewSettings:
    review_settings = settings_row_locked(ReviewSettings, conference=conference)
    changed = settings_save_changes(review_settings, allowed=SETTINGS_FIELDS, values=fields)
    if not changed:
        return review_settings
    emit(
        "summit.review.settings.updated.v1",
        subject=conference.subject,
        data={"conference": conference.slug, "changed_fields": changed}
        | {name: getattr(review_settings, name) for name in SETTINGS_FIELDS},
        conference_slug=conference.slug,
        actor=by,
    )
    return review_settings


def _check_overlap(phase: ReviewPhase) -> None:
    overlapping = ReviewPhase.objects.filter(
        conference=phase.conference, starts_at__lt=phase.ends_at, ends_at__gt=phase.starts_at
    ).exclude(pk=phase.pk)
    if overlapping.exists():
        raise ValidationError(
            {"starts_at": _("This phase overlaps the %(phase)s phase.") % {"phase": overlapping.first()}}
        )


def _phase_data(phase: ReviewPhase) -> dict[str, Any]:
    return {
        "id": phase.pk,
        "conference": phase.conference.slug,
        "kind": phase.kind,
        "starts_at": phase.starts_at,
        "ends_at": phase.ends_at,
        "can_bid": phase.can_bid,
        "can_review": phase.can_review,
    }


@transaction.atomic
def phase_save(*, conference: Conference, by, phase: ReviewPhase | None = None, **fields: Any) -> ReviewPhase:
    phase = phase or ReviewPhase(conference=conference)
    for name in PHASE_FIELDS:
        if name in fields:
            setattr(phase, name, fields[name])
    if phase.starts_at and phase.ends_at and phase.ends_at <= phase.starts_at:
        raise ValidationError({"ends_at": _("A phase must end after it starts.")})
    phase.full_clean()
    _check_overlap(phase)
    phase.save()
    emit(
        "summit.review.phase.saved.v1",
        subject=_subject(conference),
        data=_phase_data(phase),
        conference_slug=conference.slug,
        actor=by,
    )
    return phase


@transaction.atomic
def phase_delete(*, phase: ReviewPhase, by) -> None:
    data = _phase_data(phase)
    phase.delete()
    emit(
        "summit.review.phase.deleted.v1",
        subject=_subject(phase.conference),
        data=data,
        conference_slug=phase.conference.slug,
        actor=by,
    )


def _category_data(category: ScoreCategory) -> dict[str, Any]:
    return {
        "id": category.pk,
        "conference": category.conference.slug,
        "name": category.name,
        "min_score": category.min_score,
        "max_score": category.max_score,
        "weight": str(category.weight),
        "track": category.track.slug if category.track else None,
    }


@transaction.atomic
def category_save(*, conference: Conference, by, category: ScoreCategory | None = None, **fields: Any) -> ScoreCategory:
    category = category or ScoreCategory(conference=conference)
    for name in CATEGORY_FIELDS:
        if name in fields:
            setattr(category, name, fields[name])
    if category.track is not None and category.track.conference_id != conference.pk:
        raise ValidationError({"track": _("Choose one of this conference's tracks.")})
    if category.min_score is not None and category.max_score is not None and category.max_score <= category.min_score:
        raise ValidationError({"max_score": _("The highest score must be above the lowest.")})
    if (
        category.pk
        and category.scores.exists()
        and any(name in fields and name in ("min_score", "max_score") for name in fields)
    ):
        previous = ScoreCategory.objects.get(pk=category.pk)
        if (previous.min_score, previous.max_score) != (category.min_score, category.max_score):
            raise ValidationError(_("Reviews already use this scale; add a new category instead of changing it."))
    category.full_clean()
    category.save()
    emit(
        "summit.review.category.saved.v1",
        subject=_subject(conference),
        data=_category_data(category),
        conference_slug=conference.slug,
        actor=by,
    )
    return category


@transaction.atomic
def category_delete(*, category: ScoreCategory, by) -> None:
    if category.scores.exists():
        raise ValidationError(_("Reviews already use this category; it cannot be deleted."))
    data = _category_data(category)
    category.delete()
    emit(
        "summit.review.category.deleted.v1",
        subject=_subject(category.conference),
        data=data,
        conference_slug=category.conference.slug,
        actor=by,
    )
