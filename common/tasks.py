"""The beat task that queues what a broker outage left in DeferredTask."""

from celery import shared_task

from common.queueing import requeue_deferred


@shared_task(name="common.requeue_deferred_tasks", ignore_result=True)
def requeue_deferred_tasks() -> int:
    return requeue_deferred()
