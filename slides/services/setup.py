"""Organisers' slide settings and the slide reviewers they appoint, each change with its event."""

from typing import Any

from django.db import transaction

from common.settings_update import settings_row_locked, settings_save_changes
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
    current = settings_row_locked(SlidesSettings, conference=conference)
    changed = settings_save_changes(current, allowed=SETTINGS_FIELDS, values=fields)
    if changed:
        emit(
            "summit.slides.settings.updated.v1",
            subject=conference.subject,
            data={"conference": conference.slug, "changed_fields": changed},
            conference_slug=conference.slug,
            actor=by,
        )
    # Later reads through the conference (selectors.talks.settings_for) see the saved row, not an older one.
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
