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


def new_reservation_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


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


class SessionSeating(models.Model):
    """A talk that needs a reservation: its seats and its waiting line.

    It belongs to the talk, not to a release, so reservations survive a new release; its time
    (`starts_at`, `ends_at`) is the talk's in the latest release, copied here when RSVP is switched
    on and again by each release that moves the talk (`in_programme` turns off when one drops it).
    The seat counters are changed only under this row's lock, and the database refuses more seats
    taken than offered."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="seatings")
    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="seating")
    capacity = models.PositiveIntegerField(_("seats"), help_text=_("Defaults to the room's capacity."))
    seats_taken = models.PositiveIntegerField(default=0)
    waiting = models.PositiveIntegerField(default=0)
    rsvp_required = models.BooleanField(_("RSVP required"), default=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    in_programme = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["conference", "starts_at"], name="seating_conference_start")]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="seating_capacity_positive"),
            models.CheckConstraint(condition=Q(seats_taken__lte=F("capacity")), name="seating_not_overbooked"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="seating_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"Seats of {self.submission}"

    @property
    def seats_left(self) -> int:
        return self.capacity - self.seats_taken


class Reservation(models.Model):
    """A person's seat at a session, or their place in its waiting line (first come, first served)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Seat reserved")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    code = models.CharField(max_length=10, unique=True, default=new_reservation_code, editable=False)
    seating = models.ForeignKey(SessionSeating, on_delete=models.CASCADE, related_name="reservations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reservations")
    status = models.CharField(max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    # Calendar invites: each change of this reservation's invite goes out with a higher SEQUENCE.
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["seating", "status", "created_at"], name="reservation_line")]
        constraints = [
            models.UniqueConstraint(
                fields=["seating", "user"],
                condition=Q(status__in=["confirmed", "waiting"]),
                name="reservation_one_active_per_session",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["confirmed", "waiting", "cancelled"]), name="reservation_status_known"
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="confirmed"),
                name="reservation_checked_in_holds_a_seat",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.seating.submission} ({self.status})"

    @property
    def subject(self) -> str:
        return f"reservation/{self.code}"


class ChangeNotice(models.Model):
    """One person's notice of the talks a release moved, cancelled or sent to another room: written
    in the publishing transaction (so it is never lost), sent by a task, marked sent once."""

    release = models.ForeignKey(ScheduleRelease, on_delete=models.CASCADE, related_name="notices")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="change_notices")
    codes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["release", "user"], name="notice_one_per_person_and_release")]

    def __str__(self) -> str:
        return f"Notice of {self.release} to {self.user}"
