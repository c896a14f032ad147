"""Publishing the programme: a frozen, numbered version attendees and exports read."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.queueing import enqueue_on_commit
from conference.models import Conference
from events.services import emit
from schedule import cache, selectors
from schedule.models import ScheduleRelease
from schedule.snapshot import build_snapshot, changelog
from schedule.tasks import send_release_notifications


@transaction.atomic
def release_publish(
    *, conference: Conference, version: str, by, comment: str = "", now: datetime | None = None, notify: bool = True
) -> ScheduleRelease:
    """Freezes the draft as `version`, with a changelog against the previous release, and tells the
    speakers whose talk was added, moved or cancelled (after commit, in their own language).

    `now` and `notify=False` exist for importing a past programme (the demo's 2019 one): its
    speakers were told at the time."""
    # One publisher at a time per conference, so two releases never diff against the same parent.
    Conference.objects.select_for_update().filter(pk=conference.pk).first()
    version = version.strip()
    if not version:
        raise ValidationError({"version": _("Name the version, such as “v2”.")})
    if ScheduleRelease.objects.filter(conference=conference, version=version).exists():
        raise ValidationError({"version": _("There is already a release called %(version)s.") % {"version": version}})
    previous = selectors.latest_release(conference)
    snapshot = build_snapshot(conference)
    changes = changelog(previous.snapshot if previous else None, snapshot)
    release = ScheduleRelease(
        conference=conference,
        version=version,
        comment=comment,
        published_at=now or timezone.now(),
        published_by=by,
        snapshot=snapshot,
        changelog=changes,
    )
    release.full_clean(exclude=["snapshot", "changelog"])
    release.save()
    emit(
        "summit.schedule.release.published.v1",
        subject=release.subject,
        data={
            "id": release.pk,
            "conference": conference.slug,
            "version": release.version,
            "published_at": release.published_at,
            "talks": sum(1 for slot in snapshot["slots"] if slot["code"]),
            "previous_version": previous.version if previous else None,
            "added": [entry["code"] for entry in changes["added"]],
            "moved": [entry["code"] for entry in changes["moved"]],
            "cancelled": [entry["code"] for entry in changes["cancelled"]],
        },
        conference_slug=conference.slug,
        actor=by,
    )
    transaction.on_commit(lambda: cache.forget_latest_release(conference.slug))
    if notify:
        enqueue_on_commit(send_release_notifications, release.pk)
    return release
