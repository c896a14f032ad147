"""The review committee's data: setup (settings, phases, score categories), bids, conflicts,
assignments, reviews, clarification questions, the speakers' notifications and their pass codes."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cfp.models import CODE_ALPHABET, Submission
from conference.models import Conference, Track

PASS_CODE_LENGTH = 16  # 31**16 ≈ 7e23: not guessable, and still easy to type at a ticket desk.


def new_pass_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(PASS_CODE_LENGTH))


class ReviewSettings(models.Model):
    conference = models.OneToOneField(Conference, on_delete=models.CASCADE, related_name="review_settings")
    anonymous = models.BooleanField(
        _("anonymous review"),
        default=True,
        help_text=_("Reviewers do not see speakers' names, biographies or past talks; speakers do not see reviewers."),
    )
    reviewers_per_submission = models.PositiveSmallIntegerField(
        _("reviewers per submission"), default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    restrict_to_assigned = models.BooleanField(
        _("reviewers open only the submissions assigned to them"),
        default=True,
        help_text=_("Otherwise a reviewer may review any submission of their tracks."),
    )
    show_others_after_review = models.BooleanField(
        _("show the other reviews once a reviewer has submitted theirs"), default=True
    )
    discount_percent = models.PositiveSmallIntegerField(
        _("discount for speakers not accepted (%)"),
        default=25,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    reminder_after_days = models.PositiveSmallIntegerField(
        _("remind accepted speakers to confirm after (days)"), default=7, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("review settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(reviewers_per_submission__gte=1, reviewers_per_submission__lte=20),
                name="review_reviewers_per_submission_range",
            ),
            models.CheckConstraint(
                condition=Q(discount_percent__gte=1, discount_percent__lte=100), name="review_discount_range"
            ),
            models.CheckConstraint(condition=Q(reminder_after_days__gte=1), name="review_reminder_days_positive"),
        ]

    def __str__(self) -> str:
        return f"Review settings of {self.conference}"


class ReviewPhase(models.Model):
    class Kind(models.TextChoices):
        BIDDING = "bidding", _("Bidding")
        REVIEWING = "reviewing", _("Reviewing")
        DISCUSSION = "discussion", _("Discussion")
        DECISION = "decision", _("Decision")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="review_phases")
    kind = models.CharField(_("phase"), max_length=20, choices=Kind.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    can_bid = models.BooleanField(_("reviewers may bid and declare conflicts"), default=False)
    can_review = models.BooleanField(_("reviewers may write and change reviews"), default=False)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="review_phase_ends_after_start"),
            models.CheckConstraint(
                condition=Q(kind__in=["bidding", "reviewing", "discussion", "decision"]), name="review_phase_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A phase must end after it starts.")})


class ScoreCategory(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="score_categories")
    name = models.CharField(_("name"), max_length=100)
    help_text = models.CharField(_("what reviewers judge"), max_length=300, blank=True)
    min_score = models.SmallIntegerField(_("lowest score"), default=1)
    max_score = models.SmallIntegerField(_("highest score"), default=5)
    weight = models.DecimalField(
        _("weight"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    track = models.ForeignKey(
        Track,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="score_categories",
        verbose_name=_("only for track"),
        help_text=_("Empty: every track."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = _("score categories")
        constraints = [
            models.CheckConstraint(condition=Q(max_score__gt=F("min_score")), name="score_category_scale_ordered"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="score_category_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.min_score is not None and self.max_score is not None and self.max_score <= self.min_score:
            raise ValidationError({"max_score": _("The highest score must be above the lowest.")})

    @property
    def values(self) -> range:
        return range(self.min_score, self.max_score + 1)


class Bid(models.Model):
    class Level(models.TextChoices):
        EAGER = "eager", _("Eager to review")
        WILLING = "willing", _("Willing")
        NOT_INTERESTED = "not_interested", _("Not interested")

    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_bids")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="review_bids")
    level = models.CharField(_("bid"), max_length=20, choices=Level.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "submission"], name="review_one_bid_per_reviewer"),
            models.CheckConstraint(
                condition=Q(level__in=["eager", "willing", "not_interested"]), name="review_bid_level_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} {self.level} on {self.submission}"


class Conflict(models.Model):
    """A conflict a reviewer declared. Own, co-author and same-company conflicts are computed
    (review.selectors.conflict_filter), so they stay right when a profile or a speaker list changes."""

    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_conflicts")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="review_conflicts")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reviewer", "submission"], name="review_one_conflict")]

    def __str__(self) -> str:
        return f"{self.reviewer} conflicted on {self.submission}"


class Assignment(models.Model):
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_assignments")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="review_assignments")
    is_automatic = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reviewer", "submission"], name="review_one_assignment")]

    def __str__(self) -> str:
        return f"{self.reviewer} reviews {self.submission}"


class Review(models.Model):
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reviews")
    total = models.DecimalField(
        _("weighted score (0–10)"),
        max_digits=4,
        decimal_places=2,
        help_text=_("The weighted mean of the scores, each scaled to 0–10."),
    )
    comment = models.TextField(_("comment to the organisers"), blank=True, max_length=5000)
    comment_to_speaker = models.TextField(_("comment to the speaker (optional)"), blank=True, max_length=3000)
    submitted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "submission"], name="review_one_per_reviewer"),
            models.CheckConstraint(condition=Q(total__gte=0, total__lte=10), name="review_total_in_range"),
        ]

    def __str__(self) -> str:
        return f"Review of {self.submission} by {self.reviewer}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    category = models.ForeignKey(ScoreCategory, on_delete=models.CASCADE, related_name="scores")
    value = models.SmallIntegerField(_("score"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "category"], name="review_one_score_per_category")]

    def __str__(self) -> str:
        return f"{self.category}: {self.value}"


class Clarification(models.Model):
    """A reviewer's question to the speakers of a submission, and their answer."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="clarifications")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question = models.TextField(_("question"), max_length=2000)
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True, max_length=4000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True, answer="") | Q(answered_at__isnull=False) & ~Q(answer=""),
                name="clarification_answer_has_time",
            )
        ]

    def __str__(self) -> str:
        return self.question[:60]

    @property
    def conference(self) -> Conference:
        return self.submission.conference


class PassCode(models.Model):
    """A free conference pass (accepted speakers) or a discount (the others), for the ticketing system."""

    class Kind(models.TextChoices):
        PASS = "pass", _("Free speaker pass")
        DISCOUNT = "discount", _("Discount")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="pass_codes")
    speaker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pass_codes")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="pass_codes")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=32, unique=True, default=new_pass_code, editable=False)
    discount_percent = models.PositiveSmallIntegerField(default=100)
    issued_at = models.DateTimeField(auto_now_add=True)
    redeemed_at = models.DateTimeField(null=True, blank=True)
    redeemed_reference = models.CharField(_("ticketing reference"), max_length=100, blank=True)

    class Meta:
        ordering = ["issued_at", "id"]
        constraints = [
            # One code of each kind per speaker and conference, however many proposals they sent.
            models.UniqueConstraint(fields=["conference", "speaker", "kind"], name="pass_code_one_per_speaker"),
            models.CheckConstraint(condition=Q(kind__in=["pass", "discount"]), name="pass_code_kind_known"),
            models.CheckConstraint(
                condition=Q(discount_percent__gte=1, discount_percent__lte=100), name="pass_code_discount_range"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class NotificationBatch(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="notification_batches")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    total = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Batch {self.pk} of {self.conference}"


class Notification(models.Model):
    """One e-mail to one speaker about one decision, rendered when queued so organisers read exactly
    what will go out. Unique per (submission, recipient, kind): a message is never sent twice."""

    class Kind(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Not accepted")
        WAITLISTED = "waitlisted", _("Waiting list")
        REMINDER = "reminder", _("Reminder to confirm")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued, not sent")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="notifications")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="notifications")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    locale = models.CharField(max_length=8)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    batch = models.ForeignKey(
        NotificationBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["conference", "status"], name="notification_conference_status")]
        constraints = [
            models.UniqueConstraint(fields=["submission", "recipient", "kind"], name="notification_once"),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "sending", "sent", "failed"]), name="notification_status_known"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["accepted", "rejected", "waitlisted", "reminder"]),
                name="notification_kind_known",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="notification_sent_has_time"
            ),
        ]

    def __str__(self) -> str:
        return self.subject
