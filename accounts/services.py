"""Writes to accounts, speaker profiles and API tokens."""

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import token_secrets
from accounts.models import ApiToken, SpeakerProfile, User
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


# How stale a token's "last used" may be: at most one write per token and interval, not one per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)
PREFIX_ATTEMPTS = 3


@transaction.atomic
def api_token_create(
    *,
    user: User,
    name: str,
    access: str = ApiToken.Access.READ,
    conference: Any = None,  # a conference.Conference, which accounts may not import
    expires_at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """Make a token for `user`; returns it with its secret, which is shown once and stored nowhere."""
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("This expiry has passed: choose a later day.")})
    if conference is not None and not user.has_perm("conference.view_conference", conference):
        raise ValidationError({"conference": _("You cannot limit a token to this conference.")})
    token = ApiToken(user=user, name=name.strip(), access=access, conference=conference, expires_at=expires_at)
    token.full_clean(exclude=["user", "conference", "prefix", "secret_hash"])  # those are made, not typed
    for attempt in range(PREFIX_ATTEMPTS):
        token.prefix, secret = token_secrets.new_token()
        token.secret_hash = token_secrets.digest(secret)
        try:
            with transaction.atomic():  # a savepoint: a prefix drawn twice (1 in 2^48) only costs a retry
                token.save()
            break
        except IntegrityError:
            if attempt == PREFIX_ATTEMPTS - 1:
                raise
    emit(
        "summit.accounts.api_token.created.v1",
        subject=f"api_token/{token.prefix}",
        data={
            "token_id": token.pk,
            "user_id": user.pk,
            "prefix": token.prefix,
            "name": token.name,
            "access": token.access,
            "conference": getattr(conference, "slug", None),
            "expires_at": token.expires_at,
        },
        actor=user,
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> None:
    """The token stops working at once; its row goes, so nothing of it is left to match."""
    emit(
        "summit.accounts.api_token.revoked.v1",
        subject=f"api_token/{token.prefix}",
        data={"token_id": token.pk, "user_id": token.user_id, "prefix": token.prefix},
        actor=by,
    )
    token.delete()


def api_token_touch(*, token: ApiToken, now: datetime) -> None:
    """Records that the token was just used, at most once per LAST_USED_RESOLUTION.

    Bookkeeping, not a domain fact: no event, or the outbox would grow with the API's traffic. The
    UPDATE is conditional, so concurrent requests of one token write the row once."""
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    stale = models.Q(last_used_at__isnull=True) | models.Q(last_used_at__lte=now - LAST_USED_RESOLUTION)
    ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
