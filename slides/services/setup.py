"""Organisers' slide settings and the slide reviewers they appoint, each change with its event."""

from typing import Any

from django.db import transaction

from conference.models import Conference, Track
from events.services import emit
from slides.models import SlideReviewer, SlidesSettings

SETTINGS_FIELDS = (
    "max_size_mb",
    "max_pages",
    "final_deadline_unscheduled",
    "reminder_days",
    "track_reviewers_review_slides",
    "publish_delay_minutes",
)


@transaction.atomic
def slides_settings_update(*, conference: Conference, by, **fields: Any) -> SlidesSettings:
    # Read afresh and locked: a ModelForm may already have written its input onto a cached instance.
    SlidesSettings.objects.get_or_create(conference=conference)
    current = SlidesSettings.objects.select_for_update().get(conference=conference)
    changed = [name for name in SETTINGS_FIELDS if name in fields and getattr(current, name) != fields[name]]
    for name in changed:
        setattr(current, name, fields[name])
    if changed:
        current.full_clean()
        current.save(update_fields=[*changed, "updated_at"])
        emit(
            "summit.slides.settings.updated.v1",
            subject=conference.subject,
            data={"conference": conference.slug, "changed_fields": sorted(changed)},
            conference_slug=conference.slug,
            actor=by,
        )
    conference.slides_settings = current
    return current


def _reviewer_event(event: str, reviewer: SlideReviewer, by, **extra: Any) -> None:
    emit(
        f"summit.slides.reviewer.{event}.v1",
        subject=f"slide_reviewer/{reviewer.pk}",
        data={"conference": reviewer.conference.slug, "slide_reviewer_id": reviewer.pk, "user_id": reviewer.user_id}
        | extra,
        conference_slug=reviewer.conference.slug,
        actor=by,
    )


@transaction.atomic
def slide_reviewer_appoint(*, conference: Conference, user, tracks: list[Track], by) -> SlideReviewer:
    """Appoints `user` to review slide drafts of `tracks` (none: every track); appointing someone
    already appointed replaces their tracks."""
    reviewer, _created = SlideReviewer.objects.select_for_update().get_or_create(conference=conference, user=user)
    reviewer.tracks.set([track for track in tracks if track.conference_id == conference.pk])
    _reviewer_event("appointed", reviewer, by, track_ids=sorted(track.pk for track in reviewer.tracks.all()))
    return reviewer


@transaction.atomic
def slide_reviewer_remove(*, reviewer: SlideReviewer, by) -> None:
    _reviewer_event("removed", reviewer, by)
    reviewer.delete()
