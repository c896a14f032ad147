from django.contrib import auth
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from accounts.validators import validate_profile_photo, validate_timezone_name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person: speaker, reviewer, mentor, organiser or attendee. Signs in with an e-mail address."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    locale = models.CharField(
        _("language"), max_length=8, default="en", help_text=_("Language of the e-mails we send you.")
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_timezone_name],
        help_text=_("Times of office hours and rehearsals are shown and entered in this time zone."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_case_insensitive_unique")]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def has_perm(self, perm: str, obj=None) -> bool:
        if permissions.is_personal(perm):
            return self.is_active and _backends_grant(self, perm, obj)  # without the superuser shortcut
        return super().has_perm(perm, obj)

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email


def _backends_grant(user: User, perm: str, obj) -> bool:
    """What the authentication backends (the rules) say, as Django asks them for anyone else."""
    for backend in auth.get_backends():
        if not hasattr(backend, "has_perm"):
            continue
        try:
            if backend.has_perm(user, perm, obj):
                return True
        except PermissionDenied:
            return False
    return False


class SpeakerProfile(models.Model):
    """What attendees and reviewers see about a speaker, shared by all their submissions."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="speaker_profile")
    bio = models.TextField(_("biography"), blank=True, max_length=2000)
    photo = models.ImageField(_("photo"), upload_to="speaker-photos/", blank=True, validators=[validate_profile_photo])
    company = models.CharField(_("company"), max_length=150, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    website = models.URLField(_("website"), blank=True)
    github = models.URLField(_("GitHub"), blank=True)
    linkedin = models.URLField(_("LinkedIn"), blank=True)
    mastodon = models.URLField(_("Mastodon or other social profile"), blank=True)
    is_first_time_speaker = models.BooleanField(
        _("I have never given a conference talk"),
        default=False,
        help_text=_("First-time speakers may book mentors' office hours before everyone else."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Profile of {self.user}"


class ApiToken(models.Model):
    """A person's credential for the REST API. Only a SHA-256 digest of the token is stored: the token
    itself is shown once, when it is made (`accounts.token_secrets`). `prefix` is its public part, by
    which a request's token is found before its digest is compared."""

    class Access(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    access = models.CharField(_("access"), max_length=5, choices=Access.choices, default=Access.READ)
    # Named, not imported: accounts sits below conference. Empty means every conference.
    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(access__in=["read", "write"]), name="api_token_access_known"),
            models.CheckConstraint(condition=~models.Q(name=""), name="api_token_name_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def can_write(self) -> bool:
        return self.access == self.Access.WRITE

    def is_expired(self, now) -> bool:
        return self.expires_at is not None and self.expires_at <= now
