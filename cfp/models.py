import secrets

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from conference.models import Conference, Level, SubmissionType, Track

# Crockford-style alphabet: no 0/O or 1/I/L, so codes survive being read aloud or typed.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
ABSTRACT_MAX_LENGTH = 1500
DESCRIPTION_MAX_LENGTH = 6000


def new_submission_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CfpSettings(models.Model):
    """What a conference's call for papers asks and says. Dates live on the Conference."""

    conference = models.OneToOneField(Conference, on_delete=models.CASCADE, related_name="cfp_settings")
    max_submissions_per_speaker = models.PositiveSmallIntegerField(
        _("submissions per speaker"), default=3, validators=[MinValueValidator(1)]
    )
    max_submissions_per_hour = models.PositiveSmallIntegerField(
        _("new submissions per speaker per hour"),
        default=10,
        validators=[MinValueValidator(1)],
        help_text=_("A brake on scripted or accidental floods."),
    )
    intro = models.TextField(_("introduction"), blank=True)
    guidelines = models.TextField(_("guidelines for speakers"), blank=True)
    code_of_conduct = models.TextField(
        _("code of conduct"), blank=True, help_text=_("Speakers must accept it to submit, when set.")
    )

    class Meta:
        verbose_name = _("call for papers settings")
        constraints = [
            models.CheckConstraint(condition=Q(max_submissions_per_speaker__gte=1), name="cfp_cap_at_least_one"),
            models.CheckConstraint(condition=Q(max_submissions_per_hour__gte=1), name="cfp_rate_at_least_one"),
        ]

    def __str__(self) -> str:
        return f"CFP settings of {self.conference}"


class Question(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        CHOICE = "choice", _("One choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Several choices")
        URL = "url", _("Link")
        BOOLEAN = "boolean", _("Yes / no")

    class Target(models.TextChoices):
        SUBMISSION = "submission", _("About the talk")
        SPEAKER = "speaker", _("About the speaker")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(_("kind of answer"), max_length=20, choices=Kind.choices, default=Kind.TEXT)
    target = models.CharField(_("asked"), max_length=20, choices=Target.choices, default=Target.SUBMISSION)
    required = models.BooleanField(_("required"), default=False)
    options = models.JSONField(_("choices"), default=list, blank=True, help_text=_("One choice per line."))
    tracks = models.ManyToManyField(
        Track, blank=True, verbose_name=_("only for tracks"), help_text=_("None: every track.")
    )
    submission_types = models.ManyToManyField(
        SubmissionType, blank=True, verbose_name=_("only for types"), help_text=_("None: every type.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["text", "long_text", "choice", "multiple_choice", "url", "boolean"]),
                name="question_kind_known",
            ),
            models.CheckConstraint(condition=Q(target__in=["submission", "speaker"]), name="question_target_known"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def has_options(self) -> bool:
        return self.kind in {self.Kind.CHOICE, self.Kind.MULTIPLE_CHOICE}


class LateAccessCode(models.Model):
    """Lets a named person submit after the call for papers has closed."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="late_access_codes")
    code = models.CharField(_("code"), max_length=32, unique=True)
    note = models.CharField(_("for whom"), max_length=200, blank=True)
    valid_until = models.DateTimeField(_("valid until"))
    max_uses = models.PositiveSmallIntegerField(_("uses allowed"), default=1, validators=[MinValueValidator(1)])
    uses = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(uses__lte=models.F("max_uses")), name="late_code_not_overused")
        ]

    def __str__(self) -> str:
        return self.code


class Submission(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Not accepted")
        WAITLISTED = "waitlisted", _("Waiting list")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined by the speaker")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    code = models.CharField(max_length=8, unique=True, default=new_submission_code, editable=False)
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="submissions")
    speakers = models.ManyToManyField(settings.AUTH_USER_MODEL, through="SubmissionSpeaker", related_name="submissions")
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    title = models.CharField(_("title"), max_length=200)
    abstract = models.TextField(
        _("abstract"),
        max_length=ABSTRACT_MAX_LENGTH,
        validators=[MaxLengthValidator(ABSTRACT_MAX_LENGTH)],
        help_text=_("Shown in the programme. Up to 1,500 characters."),
    )
    description = models.TextField(
        _("description for the reviewers"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
        help_text=_("Outline, takeaways, what the audience should know. Not published."),
    )
    submission_type = models.ForeignKey(
        SubmissionType, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("format")
    )
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("track"))
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("level"))
    language = models.CharField(_("language of the talk"), max_length=8, choices=settings.LANGUAGES, default="en")
    notes = models.TextField(_("notes for the organisers"), blank=True, max_length=2000)
    video_url = models.URLField(_("video of a past talk"), blank=True)
    slides_url = models.URLField(_("slides of a past talk"), blank=True, help_text=_("Speaker Deck, SlideShare, …"))
    is_first_time_speaker = models.BooleanField(_("this would be my first conference talk"), default=False)
    code_of_conduct_accepted_at = models.DateTimeField(null=True, blank=True)
    late_access_code = models.ForeignKey(LateAccessCode, null=True, blank=True, on_delete=models.SET_NULL)
    possible_duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("looks like")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["conference", "state"], name="submission_conference_state"),
            models.Index(fields=["conference", "submitted_at"], name="submission_conference_day"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    state__in=[
                        "draft",
                        "submitted",
                        "under_review",
                        "accepted",
                        "rejected",
                        "waitlisted",
                        "confirmed",
                        "declined",
                        "withdrawn",
                    ]
                ),
                name="submission_state_known",
            ),
            # A submission that left the draft state has a submission time.
            models.CheckConstraint(
                condition=Q(state="draft") | Q(state="withdrawn") | Q(submitted_at__isnull=False),
                name="submission_submitted_at_set",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def subject(self) -> str:
        return f"submission/{self.code}"


class SubmissionSpeaker(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="speaker_links")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="speaker_links")
    is_primary = models.BooleanField(default=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_primary", "joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "user"], name="submission_speaker_unique"),
            models.UniqueConstraint(
                fields=["submission"], condition=Q(is_primary=True), name="submission_one_primary_speaker"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.submission}"


class CoSpeakerInvitation(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "email"], condition=Q(accepted_at__isnull=True), name="invitation_pending_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} invited to {self.submission}"


class Answer(models.Model):
    """An answer to a custom question: about a submission, or about a speaker for this conference."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    submission = models.ForeignKey(Submission, null=True, blank=True, on_delete=models.CASCADE, related_name="answers")
    speaker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="cfp_answers"
    )
    value = models.JSONField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(submission__isnull=False, speaker__isnull=True)
                | Q(submission__isnull=True, speaker__isnull=False),
                name="answer_about_submission_or_speaker",
            ),
            models.UniqueConstraint(
                fields=["question", "submission"], condition=Q(submission__isnull=False), name="answer_per_submission"
            ),
            models.UniqueConstraint(
                fields=["question", "speaker"], condition=Q(speaker__isnull=False), name="answer_per_speaker"
            ),
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question}"

    @property
    def display(self) -> str:
        """The answer as a person reads it: "Yes"/"No" in their language, choices joined."""
        if isinstance(self.value, bool):
            return gettext("Yes") if self.value else gettext("No")
        if isinstance(self.value, list):
            return ", ".join(str(choice) for choice in self.value)
        return "" if self.value is None else str(self.value)
