"""The shared cache falls back to a per-process cache while Redis does not answer, and goes back to
Redis when it does: real Redis faults (a dead port, then a redis-server started on it)."""

import logging
import time

import pytest
from django.utils.module_loading import import_string

from tests.redis_faults import cache_settings


def make_cache(url: str, *, fallback_seconds: float = 30.0):
    config = cache_settings(url, fallback_seconds=fallback_seconds)["default"]
    backend = import_string(config["BACKEND"])
    return backend(config["LOCATION"], {"OPTIONS": config["OPTIONS"]})


def test_dead_redis_serves_from_the_fallback_with_one_warning(redis_port, caplog):
    cache = make_cache(redis_port.url())

    with caplog.at_level(logging.WARNING, logger="common.cache"):
        cache.set("pointer", (3, 1), 10)
        assert cache.get("pointer") == (3, 1)
        assert cache.add("counter", 0) is True
        assert cache.incr("counter") == 1
        cache.delete("pointer")
        assert cache.get("pointer", "gone") == "gone"

    assert cache.degraded is True
    assert [record.getMessage().split(" (")[0] for record in caplog.records] == [
        f"Cache '{redis_port.url()}' unavailable"
    ]


def test_open_circuit_does_not_wait_on_redis(redis_port):
    cache = make_cache(redis_port.url())
    cache.get("first")  # finds Redis gone

    started = time.monotonic()
    for number in range(200):
        cache.get(f"key-{number}")

    assert time.monotonic() - started < 0.5


def test_cache_returns_to_redis_when_it_answers_again(redis_port, caplog):
    cache = make_cache(redis_port.url(), fallback_seconds=0.2)
    cache.set("only-in-this-process", "fallback", 60)
    redis_port.start()
    time.sleep(0.25)

    with caplog.at_level(logging.INFO, logger="common.cache"):
        cache.set("shared", "in redis", 60)

    assert cache.degraded is False
    assert redis_port.client().exists(cache.make_and_validate_key("shared")) == 1
    assert cache.get("only-in-this-process") is None  # the fallback was dropped, Redis never had it
    assert "is back" in caplog.text


def test_live_redis_is_used_without_fallback(redis_port):
    redis_port.start()
    cache = make_cache(redis_port.url())

    cache.set("shared", 42, 60)

    assert redis_port.client().get(cache.make_and_validate_key("shared")) == b"42"
    assert cache.degraded is False


def test_wrong_type_in_redis_is_a_bug_not_an_outage(redis_port):
    redis_port.start()
    cache = make_cache(redis_port.url())
    redis_port.client().lpush(cache.make_and_validate_key("listy"), "x")

    with pytest.raises(Exception, match="WRONGTYPE"):
        cache.incr("listy")
    assert cache.degraded is False


def test_password_in_the_url_stays_out_of_the_logs(redis_port, caplog):
    cache = make_cache(f"redis://:s3cret@127.0.0.1:{redis_port.port}/0")

    with caplog.at_level(logging.WARNING, logger="common.cache"):
        cache.get("anything")

    assert "s3cret" not in caplog.text
    assert f"redis://:***@127.0.0.1:{redis_port.port}/0" in caplog.text
