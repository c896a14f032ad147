"""Slide decks of accepted talks: the two deadlines, every uploaded version (immutable), the slide
review, reminders, extensions and publication with the talk's video.

A talk's slide record (TalkSlides) exists from its first upload, extension, reminder or late flag;
an accepted talk without one is "missing". Files live in the private "slides" storage (see
STORAGES in settings): it has no public URL, so a deck leaves it only through a permission-checked
view until it is published.
"""

from django.conf import settings
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _

from cfp.models import Submission
from conference.models import Conference, Track


class SlidesStorage(LazyObject):
    """The "slides" storage of settings.STORAGES, looked up on first use and again whenever the setting
    changes. A FileField keeps the storage object it was given at import; without this proxy a test
    (or a deployment hook) changing STORAGES would still write to the old place."""

    def _setup(self) -> None:
        self._wrapped = storages["slides"]


private_storage = SlidesStorage()


@receiver(setting_changed)
def _forget_storage(*, setting: str, **kwargs) -> None:
    if setting == "STORAGES":
        private_storage._wrapped = empty


def slides_storage():
    return private_storage


def version_upload_to(version: "SlideVersion", filename: str) -> str:
    # Content-addressed under the talk: names never collide and never carry the user's file name.
    return f"{version.talk.submission.conference_id}/{version.talk.submission.code}/{version.sha256}.pdf"


def thumbnail_upload_to(version: "SlideVersion", filename: str) -> str:
    return f"{version.talk.submission.conference_id}/{version.talk.submission.code}/{version.sha256}.png"


class Kind(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class Status(models.TextChoices):
    MISSING = "missing", _("Missing")
    DRAFT_IN = "draft_in", _("Draft in")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    FINAL_IN = "final_in", _("Final in")
    LATE = "late", _("Late")
    PUBLISHED = "published", _("Published")


class SlidesSettings(models.Model):
    """Per-conference rules beyond the deadlines kept on Conference (slides_draft_deadline,
    slides_final_days_before, slides_final_time)."""

    conference = models.OneToOneField(Conference, on_delete=models.CASCADE, related_name="slides_settings")
    max_size_mb = models.PositiveSmallIntegerField(
        _("largest upload (MB)"), default=50, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    max_pages = models.PositiveSmallIntegerField(
        _("most pages"), default=300, validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    final_deadline_unscheduled = models.DateTimeField(
        _("final deadline for talks not yet scheduled"), null=True, blank=True
    )
    reminder_days = models.CharField(
        _("reminders, days before each deadline"),
        max_length=50,
        default="7,2,0",
        help_text=_("Comma-separated; 0 is the day itself."),
    )
    track_reviewers_review_slides = models.BooleanField(_("the track's reviewers also review slides"), default=True)
    publish_delay_minutes = models.PositiveIntegerField(
        _("publish this long after the talk ends (minutes)"), default=0, validators=[MaxValueValidator(60 * 24 * 60)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("slides settings")
        verbose_name_plural = _("slides settings")

    def __str__(self) -> str:
        return f"Slides settings of {self.conference}"


class SlideReviewer(models.Model):
    """Someone an organiser appointed to read drafts, for some tracks or (none chosen) all."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="slide_reviewers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="slide_reviewer_roles")
    tracks = models.ManyToManyField(Track, blank=True, related_name="slide_reviewers", verbose_name=_("tracks"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conference", "user"], name="slide_reviewer_unique")]

    def __str__(self) -> str:
        return f"{self.user} reviews slides at {self.conference}"


class TalkSlides(models.Model):
    """One accepted talk's slide record: status, current extensions, publication."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="slides")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.MISSING)
    # Extensions in force; the history (who, when, why) is in DeadlineExtension.
    draft_due_extended_to = models.DateTimeField(_("draft due (extended)"), null=True, blank=True)
    final_due_extended_to = models.DateTimeField(_("final due (extended)"), null=True, blank=True)
    late_since = models.DateTimeField(null=True, blank=True)
    publish_opt_out = models.BooleanField(_("do not publish my slides"), default=False)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True, help_text=_("Empty: when the talk ends."))
    published_at = models.DateTimeField(null=True, blank=True)
    # DO_NOTHING, not PROTECT: deleting a talk (or a conference) deletes its record and versions
    # together, which PROTECT refuses. The database's foreign key, checked at commit, still refuses
    # deleting a published version on its own; versions are never deleted otherwise.
    published_version = models.ForeignKey(
        "SlideVersion", null=True, blank=True, on_delete=models.DO_NOTHING, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("talk slides")
        verbose_name_plural = _("talk slides")
        indexes = [models.Index(fields=["status"], name="talk_slides_status")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in Status]), name="talk_slides_status_known"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False, published_version__isnull=False),
                name="talk_slides_published_has_version",
            ),
        ]

    def __str__(self) -> str:
        return f"Slides of {self.submission}"

    @property
    def subject(self) -> str:
        return f"slides/{self.submission.code}"


class SlideVersion(models.Model):
    """One uploaded deck, never changed after it is written."""

    talk = models.ForeignKey(TalkSlides, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    file = models.FileField(storage=slides_storage, upload_to=version_upload_to, max_length=300)
    thumbnail = models.FileField(storage=slides_storage, upload_to=thumbnail_upload_to, max_length=300, blank=True)
    sha256 = models.CharField(max_length=64)
    size_bytes = models.PositiveBigIntegerField()
    page_count = models.PositiveIntegerField()
    original_name = models.CharField(max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="slide_versions"
    )
    uploaded_at = models.DateTimeField()
    # Uploaded after the deadline in force for its kind.
    is_late = models.BooleanField(default=False)

    class Meta:
        ordering = ["talk", "number"]
        constraints = [
            models.UniqueConstraint(fields=["talk", "number"], name="slide_version_number_unique"),
            models.CheckConstraint(condition=Q(kind__in=["draft", "final"]), name="slide_version_kind_known"),
            models.CheckConstraint(condition=Q(number__gte=1), name="slide_version_number_positive"),
            models.CheckConstraint(condition=Q(page_count__gte=1), name="slide_version_has_pages"),
        ]

    def __str__(self) -> str:
        return f"{self.talk.submission} v{self.number} ({self.kind})"


class SlideReview(models.Model):
    """A slide reviewer's verdict on one version: approve it, or ask for changes."""

    class Verdict(models.TextChoices):
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")

    version = models.ForeignKey(SlideVersion, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="slide_reviews")
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    note = models.TextField(_("note to the speaker"), blank=True, max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(verdict__in=["approved", "changes_requested"]), name="slide_review_verdict_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} on {self.version}"


class SlideComment(models.Model):
    """A comment on a version, on one page or (page empty) the whole deck."""

    version = models.ForeignKey(SlideVersion, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="slide_comments")
    page = models.PositiveIntegerField(_("page"), null=True, blank=True)
    body = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["page", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(page__isnull=True) | Q(page__gte=1), name="slide_comment_page_positive"),
        ]

    def __str__(self) -> str:
        return f"Comment on {self.version}, page {self.page or '—'}"


class DeadlineExtension(models.Model):
    """An organiser moved one talk's deadline: the history behind TalkSlides.*_extended_to."""

    talk = models.ForeignKey(TalkSlides, on_delete=models.CASCADE, related_name="extensions")
    kind = models.CharField(_("deadline"), max_length=5, choices=Kind.choices)
    until = models.DateTimeField(_("new deadline"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["draft", "final"]), name="deadline_extension_kind_known"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} deadline of {self.talk.submission} moved to {self.until:%Y-%m-%d %H:%M}"


class SlideReminder(models.Model):
    """A reminder sent for one deadline: the unique constraint makes each go exactly once."""

    talk = models.ForeignKey(TalkSlides, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    days_before = models.SmallIntegerField()
    # The deadline it was computed for: an extension opens a new round of reminders.
    deadline = models.DateTimeField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["talk", "kind", "deadline", "days_before"], name="slide_reminder_once"),
            models.CheckConstraint(condition=Q(kind__in=["draft", "final"]), name="slide_reminder_kind_known"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder, {self.days_before} days before, for {self.talk.submission}"


class TalkVideo(models.Model):
    """The recording of a talk, added by organisers after the event (one by one or from a CSV)."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="video")
    url = models.URLField(_("video URL"), max_length=500)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.url


class LateDigest(models.Model):
    """The organisers' daily digest of late talks: one row per conference and day, so it goes once."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="slide_late_digests")
    day = models.DateField()
    late_count = models.PositiveIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conference", "day"], name="slide_late_digest_once")]

    def __str__(self) -> str:
        return f"Late digest of {self.conference} on {self.day}"


class PublicMediaGeneration(models.Model):
    """A counter per conference, bumped in the transaction that publishes or withdraws a deck or
    changes a video: the public schedule pages put it in their cache keys, so they show the change
    at once while staying cached between changes."""

    conference = models.OneToOneField(
        Conference, on_delete=models.CASCADE, primary_key=True, related_name="public_media_generation"
    )
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Public media of {self.conference}: generation {self.value}"
