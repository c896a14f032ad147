"""The shared cache (Redis) with a per-process fallback, so a Redis restart never answers 500.

Django's RedisCache raises redis' errors to the caller: a page, a sign-in (allauth counts its rate
limits in the cache) or a booking fails whole because a cache is away. Here the first error opens a
circuit for `CACHE_FALLBACK_SECONDS`: calls go to a local LocMemCache with no network wait, one
warning says so, and the next call after that time tries Redis again (one info line when it answers).
What the fallback holds is per process and is dropped when Redis is back; a delete made during the
outage does not reach Redis, which is why every key Summit deletes also has a short timeout.
"""

import logging
import threading
import time
from urllib.parse import urlsplit, urlunsplit

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
# An outage, not a bad command: a wrong-type ResponseError is a bug and still raises.
OUTAGE = (RedisConnectionError, RedisTimeoutError)
DEFAULT_FALLBACK_SECONDS = 30.0


class CacheCircuit:
    """Open after a failure, for `seconds`; then the next call may try the shared cache again."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._open_until = 0.0
        self._lock = threading.Lock()
        self.is_open = False

    def allows_primary(self) -> bool:
        return not self.is_open or time.monotonic() >= self._open_until

    def failed(self, name: str, error: Exception) -> None:
        with self._lock:
            self._open_until = time.monotonic() + self.seconds
            if self.is_open:
                return
            self.is_open = True
        logger.warning(
            "Cache %r unavailable (%s: %s): serving from a per-process cache, retrying every %.0f s.",
            name,
            type(error).__name__,
            error,
            self.seconds,
        )

    def succeeded(self, name: str) -> bool:
        """True when this success closes an open circuit (the fallback can be dropped)."""
        with self._lock:
            if not self.is_open:
                return False
            self.is_open = False
        logger.info("Cache %r is back: using the shared cache again.", name)
        return True


def _without_password(url: str) -> str:
    """The URL for the logs: a password in it (redis://:secret@host) must not reach them."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


class ResilientRedisCache(RedisCache):
    """RedisCache whose every operation falls back to a LocMemCache while Redis does not answer.

    OPTIONS: `fallback_seconds` (how long to stay on the fallback before trying Redis again), and
    redis-py's own connection options (`socket_connect_timeout`, `socket_timeout`), which bound how
    long the one call that finds Redis gone waits.
    """

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS", {}))
        seconds = float(options.pop("fallback_seconds", DEFAULT_FALLBACK_SECONDS))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self.name = _without_password(self._servers[0] if self._servers else "")
        self.circuit = CacheCircuit(seconds)
        self.fallback = LocMemCache(f"summit-fallback-{id(self)}", {"TIMEOUT": params.get("TIMEOUT", 300)})

    @property
    def degraded(self) -> bool:
        """True while calls are served by the per-process fallback."""
        return self.circuit.is_open

    def _call(self, method: str, *args, **kwargs):
        if self.circuit.allows_primary():
            try:
                result = getattr(super(), method)(*args, **kwargs)
            except OUTAGE as error:
                self.circuit.failed(self.name, error)
            else:
                if self.circuit.succeeded(self.name):
                    self.fallback.clear()
                return result
        return getattr(self.fallback, method)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def decr(self, *args, **kwargs):
        return self._call("decr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        return self._call("clear")
