"""Operating the outbox: replay to Kafka, publish parked events again, prune past retention."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from events import kafka
from events.cursor import CURSOR_NAME, published_events, published_sql, state_of
from events.messages import COLUMNS, messages, with_header_columns
from events.models import OutboxEvent, ParkedEvent, RelayCursor


class ReplayFailed(RuntimeError):
    pass


def replay(
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    types: Sequence[str] = (),
    batch_size: int | None = None,
) -> int:
    """Publish already-published events again, in outbox order, e.g. to rebuild a consumer's state.

    Consumers dedupe by (source, id), so a replay only adds what they had lost. Unpublished and
    parked events are left to the relay and to `unpark`. Returns how many events were sent.
    """
    if not kafka.is_configured():
        raise ReplayFailed("KAFKA_BOOTSTRAP_SERVERS is empty: there is no Kafka to replay to")
    events = replay_queryset(since=since, until=until, types=types)
    publisher = kafka.get_publisher()
    size = batch_size or settings.EVENTS_RELAY_BATCH_SIZE
    sent, last_id = 0, 0
    while rows := list(events.filter(id__gt=last_id).values_list(*COLUMNS)[:size]):
        delivery = publisher.publish(messages(rows))
        if delivery.failed or delivery.parked:
            failures = delivery.failed | delivery.parked
            reason = next(iter(failures.values()))
            raise ReplayFailed(f"{len(failures)} events not acknowledged after {sent} sent: {reason}")
        sent += len(delivery.delivered)
        last_id = rows[-1][0]
    return sent


def replay_queryset(*, since: datetime | None, until: datetime | None, types: Sequence[str]) -> QuerySet[OutboxEvent]:
    events = published_events().order_by("id")
    if since:
        events = events.filter(time__gte=since)
    if until:
        events = events.filter(time__lt=until)
    if types:
        events = events.filter(type__in=types)
    return with_header_columns(events)


@dataclass(frozen=True)
class Unparked:
    published: int
    still_parked: int
    error: str = ""  # why the first one still parked was refused again


def unpark(*, subject: str = "") -> Unparked:
    """Send parked events again, oldest first, e.g. after raising the broker's message size limit.

    It waits for a running relay to finish (the cursor's lock), so the subject's later events
    cannot slip between. What Kafka accepts is unparked; an event refused again stays parked, and
    so does every later one of its subject.
    """
    if not kafka.is_configured():
        raise ReplayFailed("KAFKA_BOOTSTRAP_SERVERS is empty: there is no Kafka to publish to")
    publisher = kafka.get_publisher()
    with transaction.atomic():
        RelayCursor.objects.select_for_update().get_or_create(name=CURSOR_NAME)
        parked = OutboxEvent.objects.filter(parked__isnull=False).order_by("id")
        if subject:
            parked = parked.filter(subject=subject)
        rows = list(with_header_columns(parked).values_list(*COLUMNS))
        delivery = publisher.send(messages(rows), blocked=set())
        publisher.wait([delivery])
        refused = delivery.failed | delivery.parked
        first_refused: dict[str, int] = {}
        for row in rows:
            if row[0] in refused:
                first_refused.setdefault(row[4], row[0])
        done = [row[0] for row in rows if row[0] < first_refused.get(row[4], row[0] + 1)]
        ParkedEvent.objects.filter(event_id__in=done).delete()
        for row_id, error in refused.items():
            ParkedEvent.objects.filter(event_id=row_id).update(error=error[:1000])
    return Unparked(len(done), len(rows) - len(done), _first_error(refused))


def _first_error(refused: dict[int, str]) -> str:
    return refused[min(refused)][:1000] if refused else ""


def retention_cutoff(older_than_days: int | None = None) -> datetime:
    days = settings.EVENTS_RETENTION_DAYS if older_than_days is None else older_than_days
    return timezone.now() - timedelta(days=days)


def prune(*, older_than_days: int | None = None) -> int:
    """Delete published rows past retention, in chunks so no statement holds locks for long.

    Another reader of the outbox with its own cursor (the webhooks' fan-out) must have passed a row
    too: a row only the relay has read is kept for it.
    """
    old = published_events().filter(time__lt=retention_cutoff(older_than_days)).order_by("id")
    for number, reader in enumerate(RelayCursor.objects.exclude(name=CURSOR_NAME)):
        sql, params = published_sql(state_of(reader))
        passed = f"passed_by_reader_{number}"
        old = old.alias(**{passed: RawSQL(sql, params, output_field=BooleanField())}).filter(**{passed: True})
    deleted = 0
    while ids := list(old.values_list("id", flat=True)[:10_000]):
        deleted += OutboxEvent.objects.filter(id__in=ids).delete()[0]
    return deleted
