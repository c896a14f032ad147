"""Counting wrong guesses (codes, API tokens) per client address and per account, in the cache.

Each limit is "N per window" (`ATTEMPT_LIMITS`, e.g. "5/10m"): the first wrong guess opens the
window, and once N are counted every guess from that address or account is refused, right or
wrong, until the window closes; a refusal never says whether the code existed. The counters are
`cache.add` / `cache.incr`, so parallel guesses are each counted. Should the cache be unreachable,
the limit lets the request through with one warning: an outage of Redis is not an outage of Summit.
"""

import logging
import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import ngettext
from redis.exceptions import RedisError

from common.addresses import address_key

logger = logging.getLogger(__name__)

# What a cache backend raises when its server is away: redis-py's errors, sockets' OSError.
CACHE_ERRORS = (RedisError, OSError)
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE_PATTERN = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])[a-z]*\s*$")


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int


def parse_rate(text: str) -> Rate:
    """ "5/10m", "20/h", "300/min", "1000/day": N per (a multiple of) a second, minute, hour or day."""
    match = RATE_PATTERN.match(text or "")
    if match is None:
        raise ValueError(f"not a rate (N/period, e.g. 5/10m or 300/min): {text!r}")
    amount, multiple, unit = match.groups()
    return Rate(int(amount), int(multiple or 1) * UNIT_SECONDS[unit])


UNREACHABLE = "_summit_cache_unreachable"


def cache_unreachable(request, error: Exception, what: str) -> None:
    """Logs the outage once per request and remembers it: each further try would wait for the
    client's retries again, so the request's other limits are skipped too."""
    if not getattr(request, UNREACHABLE, False):
        setattr(request, UNREACHABLE, True)
        logger.warning("%s not applied: the cache is unreachable (%s: %s)", what, type(error).__name__, error)


def cache_known_unreachable(request) -> bool:
    return getattr(request, UNREACHABLE, False)


def _counters(request, scope: str) -> list[str]:
    keys = [f"attempts:{scope}:address:{address_key(request)}"]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        keys.append(f"attempts:{scope}:account:{user.pk}")
    return keys


def _rate(scope: str) -> Rate:
    return parse_rate(settings.ATTEMPT_LIMITS[scope])


def wait_before_next(request, scope: str) -> int | None:
    """Seconds until this client may guess again in `scope`, or None when it may now."""
    rate, now = _rate(scope), time.time()
    keys = _counters(request, scope)
    if cache_known_unreachable(request):
        return None
    try:
        stored = cache.get_many([name for key in keys for name in (key, f"{key}:since")])
    except CACHE_ERRORS as error:
        cache_unreachable(request, error, f"The {scope} attempt limit")
        return None
    waits = [stored.get(f"{key}:since", now) + rate.seconds - now for key in keys if stored.get(key, 0) >= rate.amount]
    return max(1, math.ceil(max(waits))) if waits else None


def count_wrong(request, scope: str) -> None:
    """Counts one wrong guess against the client's address and, when signed in, its account."""
    rate, now = _rate(scope), time.time()
    if cache_known_unreachable(request):
        return
    try:
        for key in _counters(request, scope):
            cache.add(f"{key}:since", now, rate.seconds)
            cache.add(key, 0, rate.seconds)
            try:
                cache.incr(key)
            except ValueError:  # the window closed between add and incr: this guess opens the next
                cache.set(key, 1, rate.seconds)
    except CACHE_ERRORS as error:
        cache_unreachable(request, error, f"The {scope} attempt limit")


def too_many_wrong_codes(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Too many wrong codes were tried from here. Try again in %(minutes)d minute.",
        "Too many wrong codes were tried from here. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
