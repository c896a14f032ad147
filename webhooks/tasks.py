"""Celery tasks of the webhooks. Deliveries run on their own queue ("webhooks"), so a slow or dead
receiver occupies webhook workers only, never the ones that relay the outbox to Kafka."""

from celery import shared_task

from common.queueing import enqueue
from webhooks import delivery, fanout

QUEUE = "webhooks"


@shared_task(name="webhooks.sweep", ignore_result=True)
def sweep() -> dict[str, int]:
    """Every few seconds (beat): fan out what committed, park what expired, queue due endpoints."""
    result = fanout.fan_out()
    parked = delivery.park_expired()
    endpoint_ids = delivery.due_endpoint_ids()
    for endpoint_id in endpoint_ids:
        # Kept as a DeferredTask if the broker refuses: the next sweep queues it anyway (defer=False).
        enqueue(deliver_endpoint, endpoint_id, defer=False)
    return {"events": result.events, "deliveries": result.deliveries, "parked": parked, "endpoints": len(endpoint_ids)}


@shared_task(name="webhooks.deliver_endpoint", ignore_result=True, acks_late=True)
def deliver_endpoint(endpoint_id: int) -> dict[str, int]:
    run = delivery.deliver_endpoint(endpoint_id)
    return {"delivered": run.delivered, "failed": run.failed}
