"""What speakers and attendees write: unavailability, favourites, the calendar-feed secret."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cfp.models import Submission
from conference.models import Conference
from events.services import emit
from schedule.models import Favourite, FeedToken, SpeakerUnavailability, new_feed_token
from schedule.selectors import SCHEDULABLE_STATES


def _unavailability_data(unavailability: SpeakerUnavailability) -> dict:
    return {
        "id": unavailability.pk,
        "conference": unavailability.conference.slug,
        "speaker_id": unavailability.user_id,
        "starts_at": unavailability.starts_at,
        "ends_at": unavailability.ends_at,
    }


@transaction.atomic
def unavailability_declare(
    *, conference: Conference, user, starts_at: datetime, ends_at: datetime, note: str = ""
) -> SpeakerUnavailability:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The end must be after the start.")})
    tz = conference.tzinfo
    if starts_at.astimezone(tz).date() > conference.end_date or ends_at.astimezone(tz).date() < conference.start_date:
        raise ValidationError({"starts_at": _("Choose a time during the conference.")})
    unavailability = SpeakerUnavailability(
        conference=conference, user=user, starts_at=starts_at, ends_at=ends_at, note=note
    )
    unavailability.full_clean()
    unavailability.save()
    emit(
        "summit.schedule.unavailability.declared.v1",
        subject=f"unavailability/{unavailability.pk}",
        data=_unavailability_data(unavailability),
        conference_slug=conference.slug,
        actor=user,
    )
    return unavailability


@transaction.atomic
def unavailability_remove(*, unavailability: SpeakerUnavailability, by) -> None:
    emit(
        "summit.schedule.unavailability.removed.v1",
        subject=f"unavailability/{unavailability.pk}",
        data=_unavailability_data(unavailability),
        conference_slug=unavailability.conference.slug,
        actor=by,
    )
    unavailability.delete()


def _favourite_emit(happened: str, user, submission: Submission) -> None:
    emit(
        f"summit.schedule.favourite.{happened}.v1",
        subject=submission.subject,
        data={"conference": submission.conference.slug, "submission": submission.code, "user_id": user.pk},
        conference_slug=submission.conference.slug,
        actor=user,
    )


@transaction.atomic
def favourite_add(*, user, submission: Submission) -> Favourite:
    if submission.state not in SCHEDULABLE_STATES:
        raise ValidationError(_("Only talks in the programme can be starred."))
    favourite, created = Favourite.objects.get_or_create(user=user, submission=submission)
    if created:
        _favourite_emit("added", user, submission)
    return favourite


@transaction.atomic
def favourite_remove(*, user, submission: Submission) -> None:
    deleted, _rows = Favourite.objects.filter(user=user, submission=submission).delete()
    if deleted:
        _favourite_emit("removed", user, submission)


@transaction.atomic
def favourites_merge(*, user, conference: Conference, codes: list[str]) -> list[str]:
    """Adds the talks starred in a browser to the account; returns the account's codes after."""
    talks = Submission.objects.filter(conference=conference, code__in=codes[:500], state__in=SCHEDULABLE_STATES)
    existing = set(Favourite.objects.filter(user=user, submission__in=talks).values_list("submission_id", flat=True))
    for talk in talks.select_related("conference"):
        if talk.pk not in existing:
            Favourite.objects.create(user=user, submission=talk)
            _favourite_emit("added", user, talk)
    return list(
        Favourite.objects.filter(user=user, submission__conference=conference)
        .order_by("created_at")
        .values_list("submission__code", flat=True)
    )


def feed_token_for(user) -> FeedToken:
    """The person's feed secret, made on first use (no event: nothing about the programme changed)."""
    token, _created = FeedToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def feed_token_reset(*, user) -> FeedToken:
    """A new secret: calendars subscribed to the old URL stop receiving updates."""
    token = feed_token_for(user)
    token.token = new_feed_token()
    token.save(update_fields=["token"])
    emit("summit.schedule.feed_token.reset.v1", subject=f"user/{user.pk}", data={"user_id": user.pk}, actor=user)
    return token
