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
