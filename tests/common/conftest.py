# The real Redis faults (a dead port, then a Redis started on it) for the cache and queueing tests.
from tests.database_faults import kill_connection  # noqa: F401
from tests.redis_faults import celery_broker, fresh_broker_circuit, redis_down, redis_port  # noqa: F401
