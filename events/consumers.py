"""Reading Summit's topics: the stats consumer's loop and `manage.py events tail`."""

import logging
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from confluent_kafka import OFFSET_BEGINNING, OFFSET_END, Consumer, KafkaError, KafkaException, Message, TopicPartition
from django.db import close_old_connections

from events import cloudevents, kafka, projections

logger = logging.getLogger(__name__)

STATS_GROUP = "summit-stats"


@dataclass
class ConsumeReport:
    received: int = 0
    applied: int = 0  # new to the read model; the rest were duplicates (redelivery, replay)
    skipped: int = 0  # not CloudEvents: logged and passed over so one bad message cannot block a partition


def consume_stats(
    *,
    group_id: str = STATS_GROUP,
    topics: Sequence[str] = (),
    batch_size: int = 500,
    until_caught_up: bool = False,
    max_seconds: float | None = None,
) -> ConsumeReport:
    """Fold the topics into the stats read model, committing offsets after each database transaction.

    A crash between the two replays the batch on restart, which the read model absorbs: it dedupes
    by event id. `until_caught_up` stops once every assigned partition has been read to its end.
    """
    consumer = Consumer(kafka.consumer_config(group_id))
    consumer.subscribe(list(topics or kafka.all_topics()))
    report = ConsumeReport()
    at_end: set[tuple[str, int]] = set()
    deadline = time.monotonic() + max_seconds if max_seconds else None
    try:
        while deadline is None or time.monotonic() < deadline:
            messages = consumer.consume(num_messages=batch_size, timeout=0.5)
            envelopes, offsets = _read_batch(messages, at_end, report)
            if offsets:
                close_old_connections()  # a long-running consumer outlives CONN_MAX_AGE
                report.applied += projections.apply(envelopes)
                report.received += len(envelopes)
                positions = [TopicPartition(topic, partition, offset) for (topic, partition), offset in offsets.items()]
                _commit(consumer, positions)
            if until_caught_up and _caught_up(consumer, at_end):
                break
    finally:
        consumer.close()
    return report


def _position(message: Message) -> tuple[str, int]:
    """The topic and partition of a fetched message or an end of partition (an error about the
    connection has none)."""
    topic, partition = message.topic(), message.partition()
    assert topic is not None and partition is not None
    return topic, partition


def _read_batch(
    messages: list[Message], at_end: set[tuple[str, int]], report: ConsumeReport
) -> tuple[list[dict[str, Any]], dict[tuple[str, int], int]]:
    envelopes: list[dict[str, Any]] = []
    offsets: dict[tuple[str, int], int] = {}
    for message in messages:
        error = message.error()
        if error is not None:
            if error.code() == KafkaError._PARTITION_EOF:
                at_end.add(_position(message))
            elif error.fatal():
                raise KafkaException(error)
            else:
                logger.warning("Kafka consumer: %s", error.str())
            continue
        position = _position(message)
        at_end.discard(position)
        offset = message.offset()
        assert offset is not None  # a fetched message always has one
        offsets[position] = offset + 1  # a committed offset names the next message to read
        try:
            envelopes.append(cloudevents.from_message(message.headers(), message.value()))
        except (cloudevents.NotACloudEvent, ValueError) as problem:
            report.skipped += 1
            logger.warning("Skipping %s[%s]@%s: %s", *position, message.offset(), problem)
    return envelopes, offsets


def _commit(consumer: Consumer, positions: list[TopicPartition]) -> None:
    try:
        consumer.commit(offsets=positions, asynchronous=False)
    except KafkaException as error:
        # Typically a rebalance took the partition away: its new owner re-reads from the last
        # committed offset, and the read model skips what this batch already applied.
        logger.warning("Could not commit offsets (the batch will be re-read and deduplicated): %s", error)


def _caught_up(consumer: Consumer, at_end: set[tuple[str, int]]) -> bool:
    assignment = consumer.assignment()
    return bool(assignment) and all((part.topic, part.partition) in at_end for part in assignment)


def tail(
    *,
    topics: Sequence[str] = (),
    from_beginning: bool = False,
    max_messages: int | None = None,
    idle_timeout: float | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield the CloudEvents on the topics; no consumer group, so tailing never moves anyone's offsets."""
    consumer = Consumer(
        kafka.client_config() | {"group.id": f"summit-tail-{uuid.uuid4().hex}", "enable.auto.commit": False}
    )
    try:
        metadata = consumer.list_topics(timeout=10)
        start = OFFSET_BEGINNING if from_beginning else OFFSET_END
        consumer.assign(
            [
                TopicPartition(topic, partition, start)
                for topic in topics or kafka.all_topics()
                if topic in metadata.topics
                for partition in metadata.topics[topic].partitions
            ]
        )
        seen, last_message = 0, time.monotonic()
        while max_messages is None or seen < max_messages:
            message = consumer.poll(0.5)
            error = message.error() if message is not None else None
            if error is not None and error.fatal():
                raise KafkaException(error)
            if message is None or error is not None:
                if idle_timeout is not None and time.monotonic() - last_message > idle_timeout:
                    return
                continue
            seen, last_message = seen + 1, time.monotonic()
            try:
                yield cloudevents.from_message(message.headers(), message.value())
            except (cloudevents.NotACloudEvent, ValueError) as problem:
                logger.warning(
                    "Not a CloudEvent at %s[%s]@%s: %s", message.topic(), message.partition(), message.offset(), problem
                )
    finally:
        consumer.close()
