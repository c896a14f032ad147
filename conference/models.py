import zoneinfo
from datetime import time
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from conference.validators import (
    COLOUR_PATTERN,
    CURRENCY_PATTERN,
    SLUG_PATTERN,
    validate_conference_slug,
    validate_currency,
    validate_hex_colour,
    validate_letter_first_slug,
    validate_readable_on_white,
    validate_timezone,
)


def _both_set_and_ordered(earlier: str, later: str) -> Q:
    return Q(**{f"{earlier}__isnull": True}) | Q(**{f"{later}__isnull": True}) | Q(**{f"{later}__gt": F(earlier)})


class Conference(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True, validators=[validate_conference_slug])
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC", validators=[validate_timezone])
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.TextField(_("venue address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown on the home page and the public pages.")
    )
    cfp_opens_at = models.DateTimeField(_("call for papers opens"), null=True, blank=True)
    cfp_closes_at = models.DateTimeField(_("call for papers closes"), null=True, blank=True)
    review_opens_at = models.DateTimeField(_("review opens"), null=True, blank=True)
    review_closes_at = models.DateTimeField(_("review closes"), null=True, blank=True)
    notification_date = models.DateField(_("speakers notified on"), null=True, blank=True)
    slides_draft_deadline = models.DateTimeField(_("slide draft deadline"), null=True, blank=True)
    slides_final_days_before = models.PositiveSmallIntegerField(_("final slides due, days before the talk"), default=1)
    slides_final_time = models.TimeField(_("final slides due at (conference time)"), default=time(18, 0))
    pass_value = models.DecimalField(
        _("conference pass value"),
        max_digits=9,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD", validators=[validate_currency])
    # The identity on the public pages (conference.services.identity_update); blank: Summit's own.
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, blank=True, validators=[validate_readable_on_white]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, blank=True, validators=[validate_readable_on_white]
    )
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    # Bumped on every identity change: the per-conference stylesheet's URL carries it, so it caches forever.
    identity_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(slug__regex=SLUG_PATTERN), name="conference_slug_letter_first"),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="conference_ends_after_start"),
            models.CheckConstraint(
                condition=_both_set_and_ordered("cfp_opens_at", "cfp_closes_at"),
                name="conference_cfp_closes_after_open",
            ),
            models.CheckConstraint(
                condition=_both_set_and_ordered("review_opens_at", "review_closes_at"),
                name="conference_review_closes_after_open",
            ),
            models.CheckConstraint(condition=Q(currency__regex=CURRENCY_PATTERN), name="conference_currency_iso"),
            models.CheckConstraint(condition=Q(pass_value__gte=0), name="conference_pass_value_not_negative"),
            models.CheckConstraint(
                condition=Q(primary_colour="") | Q(primary_colour__regex=COLOUR_PATTERN),
                name="conference_primary_colour_hex",
            ),
            models.CheckConstraint(
                condition=Q(accent_colour="") | Q(accent_colour__regex=COLOUR_PATTERN),
                name="conference_accent_colour_hex",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # Field-level messages for the ordering rules; the database constraints below back them up.
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The last day cannot be before the first day.")
        if self.cfp_opens_at and self.cfp_closes_at and self.cfp_closes_at <= self.cfp_opens_at:
            errors["cfp_closes_at"] = _("The call for papers must close after it opens.")
        if self.review_opens_at and self.review_closes_at and self.review_closes_at <= self.review_opens_at:
            errors["review_closes_at"] = _("Reviewing must close after it opens.")
        if errors:
            raise ValidationError(errors)

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def subject(self) -> str:
        return f"conference/{self.slug}"


class ConferenceListItem(models.Model):
    """A row of one of a conference's lists (tracks, rooms, ...).

    A clash with a sibling's name or slug is reported on that field, as "Track with this Short name
    already exists.": the conference is implied by the page, and forms and the API show it by the input.
    """

    class Meta:
        abstract = True

    def validate_constraints(self, exclude=None) -> None:
        try:
            super().validate_constraints(exclude)
        except ValidationError as error:
            errors: dict[str, list[ValidationError]] = {}
            for field, field_errors in error.error_dict.items():
                for field_error in field_errors:
                    unique_check = (field_error.params or {}).get("unique_check", ())
                    scoped = [name for name in unique_check if name != "conference"]
                    if field == NON_FIELD_ERRORS and "conference" in unique_check and len(scoped) == 1:
                        errors.setdefault(scoped[0], []).append(self.unique_error_message(type(self), scoped))
                    else:
                        errors.setdefault(field, []).append(field_error)
            raise ValidationError(errors) from None


class Track(ConferenceListItem):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("short name"), max_length=60, validators=[validate_letter_first_slug])
    colour = models.CharField(_("colour"), max_length=7, default="#1f6feb", validators=[validate_hex_colour])
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "slug"], name="track_slug_unique_per_conference"),
            models.UniqueConstraint(fields=["conference", "name"], name="track_name_unique_per_conference"),
            models.CheckConstraint(condition=Q(slug__regex=SLUG_PATTERN), name="track_slug_letter_first"),
            models.CheckConstraint(condition=Q(colour__regex=COLOUR_PATTERN), name="track_colour_hex"),
        ]

    def __str__(self) -> str:
        return self.name


class Room(ConferenceListItem):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=100)
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_plenary = models.BooleanField(_("plenary room"), default=False, help_text=_("Keynotes are held here."))
    description = models.TextField(_("directions and accessibility"), blank=True)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "name"], name="room_name_unique_per_conference"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="room_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class SubmissionType(ConferenceListItem):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="submission_types")
    name = models.CharField(_("name"), max_length=100)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), validators=[MinValueValidator(5)])
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "name"], name="submission_type_name_unique_per_conference"),
            models.CheckConstraint(condition=Q(duration_minutes__gte=5), name="submission_type_duration_at_least_5"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.duration_minutes} min)"


class Level(ConferenceListItem):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="levels")
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("short name"), max_length=60, validators=[validate_letter_first_slug])
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "slug"], name="level_slug_unique_per_conference"),
            models.CheckConstraint(condition=Q(slug__regex=SLUG_PATTERN), name="level_slug_letter_first"),
        ]

    def __str__(self) -> str:
        return self.name


class ConferenceRole(models.Model):
    """A person's role in one conference. Speakers are not listed here: they are whoever has submitted."""

    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        REVIEWER = "reviewer", _("Reviewer")
        MENTOR = "mentor", _("Mentor")
        ATTENDEE = "attendee", _("Attendee")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conference_roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    tracks = models.ManyToManyField(
        Track,
        blank=True,
        related_name="reviewer_roles",
        verbose_name=_("tracks"),
        help_text=_("For reviewers: the tracks they review. None means every track."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "user", "role"], name="conference_role_unique"),
            models.CheckConstraint(
                condition=Q(role__in=["organiser", "reviewer", "mentor", "attendee"]), name="conference_role_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.conference}"
