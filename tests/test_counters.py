"""core.counters: a count of events in a window, on Redis (one round trip) and on Django's
memory cache (development). The Redis cases need the real Redis: skipped without REDIS_URL on a
developer's machine, failed under CI."""

import os
import threading

import pytest
import redis
from django.core.cache import cache

from core.counters import count_event


@pytest.fixture(params=["redis", "memory"])
def backend(request, settings):
    if request.param == "redis":
        if not settings.REDIS_URL:
            message = "needs Redis (REDIS_URL)"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": settings.REDIS_URL,
            }
        }
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield request.param
    cache.clear()


def test_counts_from_one_and_the_cache_reads_the_count(backend):
    assert [count_event("events-a", timeout=60) for _ in range(3)] == [1, 2, 3]
    assert count_event("events-b", timeout=60) == 1
    assert cache.get("events-a") == 3


def test_the_count_expires_with_its_window(backend, settings):
    count_event("events-c", timeout=60)
    if backend == "redis":
        # The expiry is set once, by the window's first event; later events keep it.
        count_event("events-c", timeout=600)
        ttl = redis.Redis.from_url(settings.REDIS_URL).ttl(cache.make_key("events-c"))
        assert 0 < ttl <= 60
    cache.delete("events-c")
    assert count_event("events-c", timeout=60) == 1


@pytest.mark.parametrize("backend", ["redis"], indirect=True)
def test_no_event_is_lost_to_a_race(backend):
    """Eight threads counting at once on the shared cache (the memory cache is one process's)."""
    threads = [
        threading.Thread(target=lambda: [count_event("events-d", timeout=60) for _ in range(50)])
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get("events-d") == 400
