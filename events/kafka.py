"""Talking to Kafka: client configuration from settings, topic names, topic creation, the producer.

Everything that knows confluent-kafka's configuration keys lives here, so the relay, the consumers
and the management command share one idea of how to reach the cluster (SASL/SSL included).
"""

import logging
import os
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from confluent_kafka import KafkaError, KafkaException, Producer
from confluent_kafka.admin import AdminClient, NewTopic
from django.conf import settings

from events import cloudevents, registry

logger = logging.getLogger(__name__)
LIBRDKAFKA_LOGGER = logging.getLogger("events.librdkafka")

# Domains that will have topics before their first event type lands, so consumers can subscribe to
# the whole catalogue today (slides is being built).
PLANNED_DOMAINS = ("accounts", "conference", "cfp", "review", "office_hours", "slides", "schedule")

# After the broker could not be reached, a relay triggered from a web request skips this long
# instead of making each request wait; the sweep and the worker's retries keep trying meanwhile.
UNREACHABLE_COOLDOWN_SECONDS = 30.0

# What librdkafka reports through `error_cb`, within a second or so, when it loses the cluster: a
# connection refused or dropped, a name that does not resolve, credentials refused, every broker down.
BROKER_TROUBLE = frozenset(
    {
        KafkaError._ALL_BROKERS_DOWN,
        KafkaError._TRANSPORT,
        KafkaError._RESOLVE,
        KafkaError._AUTHENTICATION,
        KafkaError._SSL,
    }
)


def is_configured() -> bool:
    return bool(settings.KAFKA_BOOTSTRAP_SERVERS)


def client_config() -> dict[str, Any]:
    """Connection settings shared by producers, consumers and the admin client."""
    config: dict[str, Any] = {
        "bootstrap.servers": settings.KAFKA_BOOTSTRAP_SERVERS,
        "security.protocol": settings.KAFKA_SECURITY_PROTOCOL,
        "client.id": "summit",
        # librdkafka's own log lines (connection refused, broker down…) go through Python logging.
        "logger": LIBRDKAFKA_LOGGER,
    }
    if settings.KAFKA_SASL_MECHANISM:
        config["sasl.mechanism"] = settings.KAFKA_SASL_MECHANISM
    if settings.KAFKA_SASL_USERNAME:
        config["sasl.username"] = settings.KAFKA_SASL_USERNAME
        config["sasl.password"] = settings.KAFKA_SASL_PASSWORD
    if settings.KAFKA_SSL_CA_LOCATION:
        config["ssl.ca.location"] = settings.KAFKA_SSL_CA_LOCATION
    return config


def producer_config() -> dict[str, Any]:
    return client_config() | {
        # Idempotence + acks=all: a retried send is written once, and only when every in-sync
        # replica has it; the producer also keeps per-partition order across its retries.
        "enable.idempotence": True,
        "acks": "all",
        "message.timeout.ms": settings.KAFKA_DELIVERY_TIMEOUT_MS,
        # Java clients hash keys with murmur2; matching them keeps an aggregate on the same
        # partition whichever client wrote it (Kafka Streams joins rely on that co-partitioning).
        "partitioner": "murmur2_random",
        "linger.ms": 5,
        # Batches are compressed whole, and events of one type repeat their field names: zstd cuts
        # JSON payloads several times over, for the network, the broker's disk and its CPU.
        "compression.type": settings.KAFKA_COMPRESSION_TYPE,
        "message.max.bytes": settings.KAFKA_MESSAGE_MAX_BYTES,
        "batch.num.messages": 10_000,
        # Only failures come back as delivery reports (see Publisher).
        "delivery.report.only.error": True,
        "queue.buffering.max.messages": 200_000,
    }


def consumer_config(group_id: str, *, from_beginning: bool = True) -> dict[str, Any]:
    return client_config() | {
        "group.id": group_id,
        # Offsets are committed by the consumer after its database transaction, never before.
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest" if from_beginning else "latest",
        "enable.partition.eof": True,
    }


def topic_name(domain: str) -> str:
    return f"{settings.KAFKA_TOPIC_PREFIX}.{domain}"


def all_topics() -> list[str]:
    return sorted(topic_name(domain) for domain in set(PLANNED_DOMAINS) | set(registry.domains()))


def create_topics(
    topics: Iterable[str] | None = None, *, partitions: int | None = None, replication: int | None = None
) -> dict[str, str]:
    """Create missing topics; returns each topic with "created" or "exists"."""
    partitions = partitions or settings.KAFKA_TOPIC_PARTITIONS
    replication = replication or settings.KAFKA_TOPIC_REPLICATION
    config = {}
    if replication > 1:
        # With acks=all a write then survives the loss of one broker without blocking producers.
        config["min.insync.replicas"] = str(min(2, replication - 1))
    admin = AdminClient(client_config())
    wanted = [
        NewTopic(topic, num_partitions=partitions, replication_factor=replication, config=config)
        for topic in topics or all_topics()
    ]
    outcome: dict[str, str] = {}
    for topic, future in admin.create_topics(wanted, request_timeout=15).items():
        try:
            future.result()
            outcome[topic] = "created"
        except KafkaException as error:
            if error.args[0].code() != KafkaError.TOPIC_ALREADY_EXISTS:
                raise
            outcome[topic] = "exists"
    return outcome


@dataclass(frozen=True)
class BrokerHealth:
    reachable: bool
    brokers: int = 0  # how many brokers the cluster's metadata lists
    seconds: float = 0.0  # how long the answer, or the wait for one, took
    error: str = ""


def broker_health(timeout: float | None = None) -> BrokerHealth:
    """Ask the cluster for its metadata, waiting `timeout` (KAFKA_HEALTH_TIMEOUT_SECONDS) at most.

    Never raises for an unreachable or misconfigured cluster: the error says what went wrong, with
    the first connection error librdkafka reported (the metadata error alone says only "transport
    failure"). librdkafka's own log lines are off here, as the caller prints the error itself.
    """
    timeout = settings.KAFKA_HEALTH_TIMEOUT_SECONDS if timeout is None else timeout
    trouble: list[KafkaError] = []
    started = time.monotonic()
    try:
        admin = AdminClient(client_config() | {"log_level": 0, "error_cb": trouble.append})
    except KafkaException as error:  # a setting librdkafka refuses, e.g. an unknown security protocol
        return BrokerHealth(reachable=False, error=_reason(error))
    try:
        metadata = admin.list_topics(timeout=timeout)
    except KafkaException as error:
        admin.poll(0)  # serve the error callbacks queued while it waited
        seconds = time.monotonic() - started
        details = next((e.str() for e in trouble if e.code() != KafkaError._ALL_BROKERS_DOWN), "")
        return BrokerHealth(reachable=False, seconds=seconds, error=_with_details(_reason(error), details))
    return BrokerHealth(reachable=True, brokers=len(metadata.brokers), seconds=time.monotonic() - started)


def _reason(error: KafkaException) -> str:
    cause = error.args[0] if error.args else error
    return cause.str() if isinstance(cause, KafkaError) else str(cause)


def _with_details(reason: str, details: str) -> str:
    return f"{reason} ({details})" if details else reason


# Errors that refuse one message for what it is, not the broker's state: sending it again cannot
# succeed, so the relay parks it (ParkedEvent) instead of stopping every later event behind it.
REFUSED_FOR_CONTENT = frozenset(
    {
        KafkaError.MSG_SIZE_TOO_LARGE,
        KafkaError.RECORD_LIST_TOO_LARGE,
        KafkaError.INVALID_RECORD,
        KafkaError.INVALID_MSG,
        KafkaError.INVALID_MSG_SIZE,
    }
)
BEHIND_PARKED = "parked behind an earlier parked event of the same subject"


# (outbox row id, topic, key, value, headers)
OutgoingMessage = tuple[int, str, str, bytes, cloudevents.ProducedHeaders]


@dataclass
class Delivery:
    """What became of one batch of messages, known once the publisher has waited for it."""

    sent: list[OutgoingMessage] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)  # worth sending again later
    parked: dict[int, str] = field(default_factory=dict)  # refused for their content, or behind such a one
    fatal: bool = False

    @property
    def delivered(self) -> list[int]:
        """Row ids Kafka acknowledged (after `Publisher.wait`)."""
        if not self.failed and not self.parked:
            return [message[0] for message in self.sent]
        return [message[0] for message in self.sent if message[0] not in self.failed and message[0] not in self.parked]

    def refused(self, row_id: int, error: KafkaError, _message: Any) -> None:
        """librdkafka's report of a failed delivery (the only kind it sends, see Publisher)."""
        if error.code() in REFUSED_FOR_CONTENT:
            self.parked[row_id] = error.str()
        else:
            self.failed[row_id] = error.str()
            self.fatal = self.fatal or error.fatal()


class Publisher:
    """One idempotent producer with the relay's view of whether the broker is reachable.

    librdkafka reports failed deliveries only (`delivery.report.only.error`): a message whose
    report has not come back once `flush` returned was acknowledged. That spares a call into
    Python per message, a large part of the relay's own CPU time. Each message still names its
    own callback, as a report does not carry the message's headers to tell which event it was.
    """

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.producer = Producer(config | {"error_cb": self._note_trouble})
        self.reachable: bool | None = None  # unknown until the first probe or batch
        self.unreachable_until = 0.0
        self.trouble = ""  # the last connection error librdkafka reported since the broker last answered
        self.unreachable_reason = ""

    def needs_probe(self) -> bool:
        """Whether to ask the broker before a run: after a failure, or once librdkafka lost it.

        `poll(0)` serves the error callbacks librdkafka queued in the background since the last
        run (a dropped connection shows within a second): one call per run, none per event.
        """
        self.producer.poll(0)
        return self.reachable is not True or bool(self.trouble)

    def probe(self) -> bool:
        """A metadata round trip: cheap, and fails fast when no broker answers."""
        try:
            self.producer.list_topics(timeout=settings.KAFKA_HEALTH_TIMEOUT_SECONDS)
        except KafkaException as error:
            self.producer.poll(0)
            self._mark_unreachable(_with_details(_reason(error), self.trouble))
            return False
        self.reachable, self.trouble, self.unreachable_reason = True, "", ""
        return True

    def in_cooldown(self) -> bool:
        return self.reachable is False and time.monotonic() < self.unreachable_until

    def publish(self, messages: Iterable[OutgoingMessage]) -> Delivery:
        """Produce every message, then wait for all delivery reports (bounded by message.timeout.ms)."""
        delivery = self.send(messages)
        self.wait([delivery])
        return delivery

    def send(self, messages: Iterable[OutgoingMessage], *, blocked: set[str] | None = None) -> Delivery:
        """Hand every message to the producer; librdkafka delivers them in the background.

        A message whose key is in `blocked` is parked instead of sent, and a message refused for
        its content at once adds its key there, so no later event of that subject overtakes it.
        """
        blocked = set() if blocked is None else blocked
        delivery = Delivery()
        produce, sent = self.producer.produce, delivery.sent.append
        for message in messages:
            row_id, topic, key, value, headers = message
            if blocked and key in blocked:
                delivery.parked[row_id] = BEHIND_PARKED
                continue
            on_failure = partial(delivery.refused, row_id)
            try:
                try:
                    produce(topic, value, key, headers=headers, on_delivery=on_failure)
                except BufferError:
                    # The local queue is full: serve delivery reports to make room, then try once more.
                    self.producer.poll(1.0)
                    produce(topic, value, key, headers=headers, on_delivery=on_failure)
            except KafkaException as error:
                if error.args[0].code() in REFUSED_FOR_CONTENT:
                    delivery.parked[row_id] = error.args[0].str()
                    blocked.add(key)
                else:
                    delivery.failed[row_id] = str(error)
                continue
            sent(message)
        return delivery

    def wait(self, deliveries: list[Delivery]) -> None:
        """Wait until everything sent is acknowledged or failed (bounded by message.timeout.ms)."""
        if self.producer.flush(settings.KAFKA_DELIVERY_TIMEOUT_MS / 1000 + 5):
            self._purge()
        for delivery in deliveries:
            self._note(delivery)

    def _purge(self) -> None:
        # Should not happen (message.timeout.ms fires first), but never leave a message behind
        # that could still be delivered after its row was recorded as failed.
        self.producer.purge()
        self.producer.flush(1)

    def _note(self, delivery: Delivery) -> None:
        if delivery.failed:
            self._mark_unreachable(next(iter(delivery.failed.values())))
        else:
            self.reachable = True

    def _note_trouble(self, error: KafkaError) -> None:
        """librdkafka's `error_cb`, served by poll and flush."""
        # "0/1 brokers are down" says less than the connection error that comes with it.
        vaguer = self.trouble and error.code() == KafkaError._ALL_BROKERS_DOWN
        if error.code() in BROKER_TROUBLE and not vaguer:
            self.trouble = error.str()

    def _mark_unreachable(self, reason: str) -> None:
        if self.reachable is not False:
            logger.warning("Kafka at %s is not accepting events: %s", self.config["bootstrap.servers"], reason)
        self.reachable = False
        self.unreachable_reason = reason
        self.unreachable_until = time.monotonic() + UNREACHABLE_COOLDOWN_SECONDS


_local = threading.local()


def get_publisher() -> Publisher:
    """This thread's publisher; a new one when settings changed or the old one hit a fatal error.

    One per thread (and per process: a producer does not survive fork), so a flush in one relay
    never waits on, or purges, another relay's messages.
    """
    config = producer_config()
    key = (os.getpid(), tuple(sorted(config.items())))
    current: Publisher | None = getattr(_local, "publisher", None)
    if current is None or getattr(_local, "key", None) != key:
        current = Publisher(config)
        _local.publisher, _local.key = current, key
    return current


def discard_publisher() -> None:
    """Drop this thread's producer, e.g. after a fatal idempotence error; the next call makes a new one."""
    publisher: Publisher | None = getattr(_local, "publisher", None)
    if publisher is not None:
        publisher.producer.purge()
        _local.publisher = _local.key = None
