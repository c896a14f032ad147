"""Writes to accounts and speaker profiles."""

from typing import Any

from django.db import transaction

from accounts.models import SpeakerProfile, User
from accounts.photos import photo_reencoded
from events.services import emit

PROFILE_FIELDS = [
    "bio",
    "photo",
    "company",
    "job_title",
    "website",
    "github",
    "linkedin",
    "mastodon",
    "is_first_time_speaker",
]
USER_FIELDS = ["name", "locale", "timezone"]


@transaction.atomic
def user_register(*, user: User) -> User:
    """Save a newly signed-up user (allauth builds the object) and record the registration."""
    user.save()
    SpeakerProfile.objects.get_or_create(user=user)
    emit(
        "summit.accounts.user.registered.v1",
        subject=f"user/{user.pk}",
        data={"user_id": user.pk, "locale": user.locale},
    )
    return user


def profile_of(user: User) -> SpeakerProfile:
    profile, _ = SpeakerProfile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def profile_update(*, user: User, **fields: Any) -> SpeakerProfile:
    profile = profile_of(user)
    changed_user = [f for f in USER_FIELDS if f in fields and getattr(user, f) != fields[f]]
    changed_profile = [f for f in PROFILE_FIELDS if f in fields and getattr(profile, f) != fields[f]]
    for field in changed_user:
        setattr(user, field, fields[field])
    for field in changed_profile:
        setattr(profile, field, fields[field])
    if changed_user:
        user.full_clean(exclude=["password"])
        user.save(update_fields=changed_user)
    if changed_profile:
        profile.full_clean()  # the photo as sent: its size, format, pixels, whether it decodes to the end
        if "photo" in changed_profile and profile.photo:
            profile.photo = photo_reencoded(profile.photo)
        profile.save(update_fields=[*changed_profile, "updated_at"])
    if changed_user or changed_profile:
        emit(
            "summit.accounts.speaker_profile.updated.v1",
            subject=f"user/{user.pk}",
            data={"user_id": user.pk, "changed_fields": sorted(changed_user + changed_profile)},
            actor=user,
        )
    return profile
