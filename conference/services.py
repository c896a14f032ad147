"""Every write to a conference and its lists. Each one changes rows and emits its event atomically."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, ProtectedError
from django.utils.translation import gettext as _

from common.settings_update import settings_save_changes
from conference.models import Conference, ConferenceRole, Level, Room, SubmissionType, Track
from conference.selectors import forget_roles
from events.services import emit

CONFERENCE_FIELDS = [
    "name",
    "slug",
    "timezone",
    "start_date",
    "end_date",
    "venue",
    "venue_address",
    "website",
    "is_public",
    "cfp_opens_at",
    "cfp_closes_at",
    "review_opens_at",
    "review_closes_at",
    "notification_date",
    "slides_draft_deadline",
    "slides_final_days_before",
    "slides_final_time",
    "pass_value",
    "currency",
]


def conference_event_data(conference: Conference) -> dict[str, Any]:
    return {"conference_id": conference.pk} | {field: getattr(conference, field) for field in CONFERENCE_FIELDS}


@transaction.atomic
def conference_create(*, by, **fields: Any) -> Conference:
    conference = Conference(**fields)
    conference.full_clean()
    conference.save()
    ConferenceRole.objects.create(conference=conference, user=by, role=ConferenceRole.Role.ORGANISER)
    forget_roles(by)
    emit(
        "summit.conference.conference.created.v1",
        subject=conference.subject,
        data=conference_event_data(conference),
        conference_slug=conference.slug,
        actor=by,
    )
    return conference


@transaction.atomic
def conference_update(*, conference: Conference, by, **fields: Any) -> Conference:
    locked = Conference.objects.select_for_update().get(pk=conference.pk)
    changed = settings_save_changes(locked, allowed=CONFERENCE_FIELDS, values=fields)
    # The caller's instance follows (a view redirects to the new slug with it).
    for field in [*changed, "updated_at"]:
        setattr(conference, field, getattr(locked, field))
    if not changed:
        return conference
    emit(
        "summit.conference.conference.updated.v1",
        subject=conference.subject,
        data=conference_event_data(conference) | {"changed_fields": changed},
        conference_slug=conference.slug,
        actor=by,
    )
    return conference


IDENTITY_FIELDS = ["primary_colour", "accent_colour", "tagline"]


def identity_event_data(conference: Conference) -> dict[str, Any]:
    return {"conference_id": conference.pk, "identity_version": conference.identity_version} | {
        field: getattr(conference, field) for field in IDENTITY_FIELDS
    }


@transaction.atomic
def identity_update(*, conference: Conference, by, **fields: Any) -> Conference:
    """The public pages' colours and tagline; each change bumps the version the stylesheet URL carries."""
    locked = Conference.objects.select_for_update().get(pk=conference.pk)
    changed = [field for field in IDENTITY_FIELDS if field in fields and fields[field] != getattr(locked, field)]
    if not changed:
        return conference
    for field in changed:
        setattr(locked, field, fields[field])
    locked.identity_version += 1
    locked.full_clean()
    locked.save(update_fields=[*changed, "identity_version", "updated_at"])
    for field in [*changed, "identity_version", "updated_at"]:
        setattr(conference, field, getattr(locked, field))
    emit(
        "summit.conference.identity.changed.v1",
        subject=conference.subject,
        data=identity_event_data(conference) | {"changed_fields": changed},
        conference_slug=conference.slug,
        actor=by,
    )
    return conference


# --- Tracks, rooms, submission types and levels: one shape, four lists. ------------------------

CATALOGUE_FIELDS: dict[type[Model], list[str]] = {
    Track: ["name", "slug", "colour", "description", "position"],
    Room: ["name", "capacity", "position", "is_plenary", "description"],
    SubmissionType: ["name", "duration_minutes", "position"],
    Level: ["name", "slug", "position"],
}
CATALOGUE_EVENT_NAMES: dict[type[Model], str] = {
    Track: "track",
    Room: "room",
    SubmissionType: "submission_type",
    Level: "level",
}
CatalogueItem = Track | Room | SubmissionType | Level


def catalogue_event_data(item: CatalogueItem) -> dict[str, Any]:
    fields = CATALOGUE_FIELDS[type(item)]
    return {"id": item.pk, "conference": item.conference.slug} | {field: getattr(item, field) for field in fields}


def _emit_catalogue(item: CatalogueItem, happened: str, by, data: dict[str, Any]) -> None:
    name = CATALOGUE_EVENT_NAMES[type(item)]
    emit(
        f"summit.conference.{name}.{happened}.v1",
        subject=f"{name}/{item.pk}",
        data=data,
        conference_slug=item.conference.slug,
        actor=by,
    )


def _save_validated(item: CatalogueItem) -> None:
    # validate_constraints reports the unique-per-conference clash as a field error, before the
    # database would raise IntegrityError and lose the user's input.
    item.full_clean()
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as error:  # a concurrent request took the same name
        raise ValidationError(_("Another entry with this name was just saved. Please choose another.")) from error


@transaction.atomic
def catalogue_item_create(*, model: type[CatalogueItem], conference: Conference, by, **fields: Any) -> CatalogueItem:
    item = model(conference=conference, **fields)
    _save_validated(item)
    _emit_catalogue(item, "created", by, catalogue_event_data(item))
    return item


@transaction.atomic
def catalogue_item_update(*, item: CatalogueItem, by, **fields: Any) -> CatalogueItem:
    changed = [field for field, value in fields.items() if getattr(item, field) != value]
    if not changed:
        return item
    for field in changed:
        setattr(item, field, fields[field])
    _save_validated(item)
    _emit_catalogue(item, "updated", by, catalogue_event_data(item) | {"changed_fields": sorted(changed)})
    return item


@transaction.atomic
def catalogue_item_delete(*, item: CatalogueItem, by) -> None:
    data = catalogue_event_data(item)
    try:
        with transaction.atomic():
            item.delete()
    except ProtectedError as error:
        raise ValidationError(
            _("%(item)s is still in use and cannot be deleted.") % {"item": item}, code="protected"
        ) from error
    item.pk = data["id"]  # the subject names the deleted row
    _emit_catalogue(item, "deleted", by, data)


# --- Team ----------------------------------------------------------------------------------------


def _role_event_data(role: ConferenceRole, track_ids: list[int]) -> dict[str, Any]:
    return {
        "conference": role.conference.slug,
        "user_id": role.user_id,
        "role": role.role,
        "track_ids": sorted(track_ids),
    }


@transaction.atomic
def role_grant(*, conference: Conference, user, role: str, by, tracks: list[Track] | None = None) -> ConferenceRole:
    tracks = list(tracks or [])
    if any(track.conference_id != conference.pk for track in tracks):
        raise ValidationError({"tracks": _("Choose tracks of this conference.")})
    if tracks and role != ConferenceRole.Role.REVIEWER:
        raise ValidationError({"tracks": _("Only reviewers are scoped to tracks.")})
    membership, created = ConferenceRole.objects.get_or_create(conference=conference, user=user, role=role)
    current = set(membership.tracks.values_list("id", flat=True))
    wanted = {track.pk for track in tracks}
    if not created and current == wanted:
        return membership
    membership.tracks.set(tracks)
    forget_roles(user)
    emit(
        "summit.conference.role.granted.v1",
        subject=f"{conference.subject}/member/{user.pk}",
        data=_role_event_data(membership, list(wanted)),
        conference_slug=conference.slug,
        actor=by,
    )
    return membership


@transaction.atomic
def role_revoke(*, membership: ConferenceRole, by) -> None:
    conference = membership.conference
    if membership.role == ConferenceRole.Role.ORGANISER:
        organisers = ConferenceRole.objects.select_for_update().filter(
            conference=conference, role=ConferenceRole.Role.ORGANISER
        )
        if organisers.count() <= 1:
            raise ValidationError(_("A conference keeps at least one organiser."), code="last_organiser")
    data = _role_event_data(membership, list(membership.tracks.values_list("id", flat=True)))
    user = membership.user
    membership.delete()
    forget_roles(user)
    emit(
        "summit.conference.role.revoked.v1",
        subject=f"{conference.subject}/member/{user.pk}",
        data=data,
        conference_slug=conference.slug,
        actor=by,
    )
