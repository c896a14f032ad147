"""Celery tasks for the outbox. Thin: the relay module does the work; the tasks own the retries."""

import random

from celery import shared_task

from events import operations, projections, relay

RETRY_LIMIT = 6


@shared_task(name="events.relay_outbox", bind=True, max_retries=RETRY_LIMIT, ignore_result=True)
def relay_outbox(self) -> dict[str, int | str]:
    """Queued after every commit that emitted events, and every few seconds by beat as a sweep."""
    # Run eagerly (no Redis) the relay is inside the web request: it must not wait on a broker
    # that is known to be down, and an eager retry would run at once, in the request, again.
    result = relay.relay_pending(in_request=self.request.is_eager)
    if result.should_retry and not self.request.is_eager:
        # Exponential backoff with jitter, so workers do not hammer a recovering broker together.
        countdown = min(2**self.request.retries, 60) + random.uniform(0, 1)
        raise self.retry(countdown=countdown)
    return {
        "published": result.published,
        "failed": result.failed,
        "parked": result.parked,
        "skipped": result.skipped,
    }


@shared_task(name="events.prune_outbox", ignore_result=True)
def prune_outbox() -> int:
    projections.prune_processed(older_than=operations.retention_cutoff())
    return operations.prune()
