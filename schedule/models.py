import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cfp.models import CODE_ALPHABET, Submission
from conference.models import Conference, Room


def new_speaker_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class ScheduleSlot(models.Model):
    """One block of the draft programme: a talk in a room, or a keynote, break, lunch… across all rooms."""

    class Kind(models.TextChoices):
        TALK = "talk", _("Talk")
        KEYNOTE = "keynote", _("Keynote")
        BREAK = "break", _("Break")
        LUNCH = "lunch", _("Lunch")
        SOCIAL = "social", _("Party / social")
        OTHER = "other", _("Other")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="schedule_slots")
    room = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.PROTECT, related_name="slots", verbose_name=_("room")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TALK)
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.CASCADE, related_name="slots", verbose_name=_("talk")
    )
    title = models.CharField(_("title"), max_length=200, blank=True, help_text=_("For breaks and other blocks."))
    # Stable across moves and releases: the frab/c3voc exports and calendar UIDs are built on it.
    guid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "room__position", "id"]
        indexes = [models.Index(fields=["conference", "starts_at"], name="slot_conference_start")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="slot_ends_after_start"),
            models.UniqueConstraint(fields=["submission"], name="slot_one_per_submission"),
            models.CheckConstraint(
                condition=Q(kind__in=["talk", "keynote", "break", "lunch", "social", "other"]), name="slot_kind_known"
            ),
            # Only blocks for everyone may leave the room empty; a talk always has one.
            models.CheckConstraint(condition=~Q(kind="talk") | Q(room__isnull=False), name="slot_talk_has_room"),
            models.CheckConstraint(
                condition=Q(kind__in=["talk", "keynote"]) | Q(submission__isnull=True),
                name="slot_break_has_no_submission",
            ),
            models.CheckConstraint(condition=Q(submission__isnull=False) | ~Q(title=""), name="slot_has_talk_or_title"),
        ]

    def __str__(self) -> str:
        return self.title or str(self.submission)

    @property
    def spans_all_rooms(self) -> bool:
        return self.room_id is None

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def subject(self) -> str:
        return f"slot/{self.guid}"


class ScheduleRelease(models.Model):
    """A published version of the programme: a frozen copy of everything attendees and exports see."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="schedule_releases")
    version = models.CharField(_("version"), max_length=60)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    comment = models.TextField(_("note for attendees"), blank=True, max_length=2000)
    snapshot = models.JSONField(editable=False)
    changelog = models.JSONField(editable=False, default=dict)

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        constraints = [
            models.UniqueConstraint(fields=["conference", "version"], name="release_version_unique_per_conference"),
            models.CheckConstraint(condition=~Q(version=""), name="release_version_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.conference} {self.version}"

    def save(self, *args, **kwargs) -> None:
        # A release is a promise to attendees and to the apps that mirror it: never rewritten.
        if self.pk is not None:
            raise ValueError("A schedule release is immutable once published.")
        super().save(*args, **kwargs)

    @property
    def subject(self) -> str:
        return f"release/{self.pk}"


class SpeakerUnavailability(models.Model):
    """A time during a conference when a speaker cannot present, declared by the speaker."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="speaker_unavailabilities")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unavailabilities")
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    note = models.CharField(_("note for the organisers"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="unavailability_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.user} unavailable {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"


class SpeakerCode(models.Model):
    """The non-guessable public code of a speaker's page (never the user id)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="speaker_code")
    code = models.CharField(max_length=8, unique=True, default=new_speaker_code)

    def __str__(self) -> str:
        return self.code


class Favourite(models.Model):
    """A talk an attendee starred, kept on their account (the browser keeps its own copy)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourites")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="favourites")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "submission"], name="favourite_unique")]

    def __str__(self) -> str:
        return f"{self.user} ★ {self.submission}"


class FeedToken(models.Model):
    """The secret in a person's calendar-feed URL; replaced when they reset it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="schedule_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Feed of {self.user}"
