from django.core.management.base import BaseCommand

from common.models import DeferredTask
from common.queueing import requeue_deferred


class Command(BaseCommand):
    help = "Queue the Celery tasks kept in the database while the broker was unreachable."

    def handle(self, *args, **options):
        queued = requeue_deferred(limit=10**9)
        left = DeferredTask.objects.count()
        self.stdout.write(f"{queued} task(s) queued, {left} still waiting for the broker.")
        if left:
            raise SystemExit(1)
