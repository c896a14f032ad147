from django.db import models


class DeferredTask(models.Model):
    """A Celery task that could not be queued because the broker was unreachable.

    Written by `common.queueing.enqueue` after the work's own transaction committed; the beat task
    `common.requeue_deferred_tasks` (or `manage.py requeue_tasks`) queues it once the broker answers,
    and deletes the row. Tasks are idempotent, so a row queued twice does no harm twice.
    """

    task = models.CharField(max_length=200, help_text="The task's registered name, e.g. cfp.send_submission_received.")
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    error = models.CharField(max_length=500, blank=True, help_text="Why the broker refused it, the first time.")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"


class OutgoingMail(models.Model):
    """One e-mail Summit sends (booking invites, CFP, schedule and slides mails), written before any
    attempt to send it and marked sent only once the mail server has accepted it (common/mail.py).

    `key` names what the mail is about (e.g. "office_hours.booking_confirmed:ABC123:17"): composing
    the same mail twice (a task run again after a worker died) finds the row instead of adding one.
    `message_id` is fixed when the row is written, so every try sends the same message and a copy
    resent after a crash is recognised by mail systems as the one they already have."""

    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        SENDING = "sending", "sending"
        SENT = "sent", "sent"
        FAILED = "failed", "failed"

    key = models.CharField(max_length=200, unique=True)
    # A slug, not a foreign key: common imports no domain app; the back office lists by it.
    conference_slug = models.SlugField(max_length=100, blank=True)
    kind = models.CharField(max_length=60, help_text="The template, e.g. cfp.submission_received.")
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    message_id = models.CharField(max_length=250, unique=True)
    attachment_name = models.CharField(max_length=100, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    attachment = models.TextField(blank=True, help_text="Text content (an iCalendar invite), sent as it was written.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["conference_slug", "-id"], name="outgoing_mail_conference"),
            models.Index(fields=["status", "next_attempt_at"], name="outgoing_mail_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False), name="outgoing_mail_sent_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to} ({self.status})"
