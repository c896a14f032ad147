"""Recording domain events. Every service that changes state calls `emit` inside its transaction."""

import json
import logging
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from common.queueing import enqueue
from events import registry
from events.models import OutboxEvent
from events.tasks import relay_outbox

logger = logging.getLogger(__name__)


class EmitOutsideTransaction(RuntimeError):
    """emit() was called with no transaction open: the event could outlive a rolled-back change."""


def source_for(conference_slug: str | None) -> str:
    prefix = settings.EVENTS_SOURCE_PREFIX
    return f"{prefix}/{conference_slug}" if conference_slug else prefix


def topic_for(event_type: str) -> str:
    return f"{settings.KAFKA_TOPIC_PREFIX}.{registry.get(event_type).domain}"


def emit(
    event_type: str,
    *,
    subject: str,
    data: dict[str, Any],
    conference_slug: str | None = None,
    actor: Any = None,
    using: str = "default",
) -> OutboxEvent:
    """Write one CloudEvents record to the outbox, in the caller's transaction.

    `data` is validated against the type's JSON Schema before anything is written, so a broken
    contract fails the write that caused it instead of a consumer far away.
    """
    if not transaction.get_connection(using).in_atomic_block:
        raise EmitOutsideTransaction(f"emit({event_type!r}) must run inside transaction.atomic()")
    # Round-trip through Django's encoder so dates, decimals and UUIDs validate as the JSON they become.
    payload = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    registry.validate_data(event_type, payload)
    event = OutboxEvent.objects.using(using).create(
        source=source_for(conference_slug),
        type=event_type,
        subject=subject,
        time=timezone.now(),
        data=payload,
        actor=_actor_label(actor),
        topic=topic_for(event_type),
    )
    _relay_after_commit(using)
    return event


def emit_many(
    event_type: str,
    records: list[tuple[str, dict[str, Any], Any]],
    *,
    conference_slug: str | None = None,
    using: str = "default",
) -> list[OutboxEvent]:
    """`emit` for many records of one type at once, `(subject, data, actor)` each: the same checks
    and rows in one insert, for bulk loads (the 10x demo) where one insert per event is the cost."""
    if not transaction.get_connection(using).in_atomic_block:
        raise EmitOutsideTransaction(f"emit_many({event_type!r}) must run inside transaction.atomic()")
    now, source, topic = timezone.now(), source_for(conference_slug), topic_for(event_type)
    events = []
    for subject, data, actor in records:
        payload = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
        registry.validate_data(event_type, payload)
        events.append(
            OutboxEvent(
                source=source,
                type=event_type,
                subject=subject,
                time=now,
                data=payload,
                actor=_actor_label(actor),
                topic=topic,
            )
        )
    created = OutboxEvent.objects.using(using).bulk_create(events, batch_size=1000)
    if created:
        _relay_after_commit(using)
    return created


def _relay_after_commit(using: str) -> None:
    """Queue one relay run when the transaction commits, however many events it emitted."""
    connection = transaction.get_connection(using)
    # A callback registered in a savepoint that rolled back is gone from this list, so looking
    # here (rather than keeping a flag) re-registers it exactly when needed.
    if not any(callback is _queue_relay for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(_queue_relay, using=using)


def _queue_relay() -> None:
    # Redis down must not fail a request whose change is already committed: the outbox keeps the
    # event and the beat sweep publishes it, so nothing is kept for later (defer=False).
    if not enqueue(relay_outbox, defer=False):
        logger.info("Could not queue the events relay; the periodic sweep will publish the outbox.")


def _actor_label(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ""
    return f"user/{actor.pk}"
