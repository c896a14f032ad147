"""Mentors' slots and speakers' bookings. The database holds the booking invariants: a slot never has
more seats taken than it offers, a speaker holds at most one active seat per slot, and (on PostgreSQL,
see migration 0002) neither a mentor's open slots nor a speaker's active bookings overlap in time."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cfp.models import CODE_ALPHABET, Submission
from conference.models import Conference


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class Kind(models.TextChoices):
    OFFICE_HOURS = "office_hours", _("Office hours")
    REHEARSAL = "rehearsal", _("Rehearsal")


class OfficeHoursSettings(models.Model):
    """What an organiser switches on for a conference, and when. Empty windows take sensible defaults:
    office hours follow the call for papers; rehearsals run until the conference starts."""

    conference = models.OneToOneField(Conference, on_delete=models.CASCADE, related_name="office_hours_settings")
    office_hours_enabled = models.BooleanField(_("office hours"), default=False)
    office_hours_opens_at = models.DateTimeField(_("office hours from"), null=True, blank=True)
    office_hours_closes_at = models.DateTimeField(_("office hours until"), null=True, blank=True)
    rehearsals_enabled = models.BooleanField(_("rehearsals"), default=False)
    rehearsals_opens_at = models.DateTimeField(_("rehearsals from"), null=True, blank=True)
    rehearsals_closes_at = models.DateTimeField(_("rehearsals until"), null=True, blank=True)
    cancel_cutoff_hours = models.PositiveSmallIntegerField(
        _("cancellation cut-off (hours before)"), default=2, validators=[MaxValueValidator(168)]
    )
    max_active_bookings = models.PositiveSmallIntegerField(
        _("active bookings per speaker"), default=2, validators=[MinValueValidator(1)]
    )
    priority_hours = models.PositiveSmallIntegerField(
        _("priority window for first-time speakers (hours)"),
        default=48,
        validators=[MaxValueValidator(24 * 30)],
        help_text=_("After a slot is published, only first-time speakers may book it for this long."),
    )
    channel_name = models.CharField(_("chat channel"), max_length=100, blank=True)
    channel_url = models.URLField(_("chat channel invite link"), blank=True)
    # A secret: posting to it needs nothing else. Never rendered, never in events or the API.
    webhook_url = models.URLField(_("incoming webhook URL"), blank=True, max_length=500)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("office hours settings")
        constraints = [
            models.CheckConstraint(condition=Q(max_active_bookings__gte=1), name="oh_settings_limit_positive"),
            models.CheckConstraint(
                condition=Q(office_hours_opens_at__isnull=True)
                | Q(office_hours_closes_at__isnull=True)
                | Q(office_hours_closes_at__gt=F("office_hours_opens_at")),
                name="oh_settings_office_hours_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(rehearsals_opens_at__isnull=True)
                | Q(rehearsals_closes_at__isnull=True)
                | Q(rehearsals_closes_at__gt=F("rehearsals_opens_at")),
                name="oh_settings_rehearsals_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"Office hours settings of {self.conference}"


class Slot(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CANCELLED = "cancelled", _("Cancelled")

    code = models.CharField(max_length=10, unique=True, default=new_code, editable=False)
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="office_hour_slots")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_slots")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OFFICE_HOURS)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    timezone = models.CharField(_("mentor's time zone"), max_length=64, default="UTC")
    capacity = models.PositiveSmallIntegerField(
        _("seats"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    seats_taken = models.PositiveSmallIntegerField(default=0)
    video_url = models.URLField(_("video call link"), blank=True)
    room = models.CharField(_("room"), max_length=150, blank=True)
    series = models.CharField(max_length=10, blank=True, help_text="Code shared by the slots of one recurring series.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    published_at = models.DateTimeField()
    # Before this moment only first-time speakers may book (the priority window).
    open_to_all_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["conference", "state", "starts_at"], name="oh_slot_conference_start"),
            models.Index(fields=["mentor", "starts_at"], name="oh_slot_mentor_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="oh_slot_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="oh_slot_capacity_positive"),
            models.CheckConstraint(condition=Q(seats_taken__lte=F("capacity")), name="oh_slot_not_overbooked"),
            models.CheckConstraint(condition=Q(seats_taken__gte=0), name="oh_slot_seats_not_negative"),
            models.CheckConstraint(condition=Q(state__in=["open", "cancelled"]), name="oh_slot_state_known"),
            models.CheckConstraint(condition=Q(kind__in=["office_hours", "rehearsal"]), name="oh_slot_kind_known"),
            models.CheckConstraint(condition=~Q(video_url="", room=""), name="oh_slot_has_place"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.mentor} at {self.starts_at:%Y-%m-%d %H:%M} UTC"

    @property
    def subject(self) -> str:
        return f"slot/{self.code}"

    @property
    def seats_left(self) -> int:
        return self.capacity - self.seats_taken

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class Booking(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Booked")
        CANCELLED = "cancelled", _("Cancelled")

    class Attendance(models.TextChoices):
        UNKNOWN = "unknown", _("Not marked")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("No-show")

    code = models.CharField(max_length=10, unique=True, default=new_code, editable=False)
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="office_hour_bookings")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="bookings")
    speaker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="office_hour_bookings")
    # Copied from the slot so the speaker-overlap exclusion constraint can see them.
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    note = models.TextField(_("what I want help with"), max_length=1000)
    shared_submission = models.ForeignKey(
        Submission,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="office_hour_bookings",
        verbose_name=_("share a proposal with the mentor"),
    )
    # Calendar invites: each change of this booking's invite goes out with a higher SEQUENCE.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    rescheduled_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="rescheduled_from"
    )
    reminder_24h_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_1h_sent_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN)
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    feedback_rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    feedback_comment = models.TextField(_("comment"), blank=True, max_length=2000)
    feedback_at = models.DateTimeField(null=True, blank=True)
    recording_url = models.URLField(_("link to the recording"), blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["speaker", "status", "starts_at"], name="oh_booking_speaker_start"),
            models.Index(fields=["conference", "created_at"], name="oh_booking_conference_day"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "speaker"], condition=Q(status="active"), name="oh_booking_one_active_per_slot"
            ),
            models.CheckConstraint(condition=Q(status__in=["active", "cancelled"]), name="oh_booking_status_known"),
            models.CheckConstraint(
                condition=Q(attendance__in=["unknown", "attended", "no_show"]), name="oh_booking_attendance_known"
            ),
            models.CheckConstraint(
                condition=Q(feedback_rating__isnull=True) | Q(feedback_rating__gte=1, feedback_rating__lte=5),
                name="oh_booking_rating_1_to_5",
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="oh_booking_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.speaker} with {self.slot.mentor} ({self.code})"

    @property
    def subject(self) -> str:
        return f"booking/{self.code}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class MentorFeed(models.Model):
    """A mentor's personal iCal feed of their bookings, at a secret URL they can replace."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conference", "mentor"], name="oh_feed_one_per_mentor")]

    def __str__(self) -> str:
        return f"Feed of {self.mentor} at {self.conference}"
