"""A count of events in a time window, shared by every web process.

With the cache in Redis (every deployment), the count is one round trip: a transaction that
creates the key with its expiry if it is not there yet and increments it, so the first event of
a window and every later one cost the same and no event is lost to a race. Without Redis
(development, one process), Django's cache counts as well: add the key, or increment it.
The key is the cache's own (``make_key``), so ``cache.get``, ``cache.delete`` and
``cache.clear`` see the count as any other cached value.
"""

import functools

import redis
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache


@functools.cache
def _client(location: str) -> redis.Redis:
    return redis.Redis.from_url(location)


def count_event(key: str, timeout: int) -> int:
    """Add one to the count under ``key`` (which expires ``timeout`` seconds after its first
    event) and return the new count."""
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        client = _client(settings.CACHES["default"]["LOCATION"])
        name = cache.make_key(key)
        _, count = client.pipeline().set(name, 0, ex=timeout, nx=True).incr(name).execute()
        return count
    if cache.add(key, 1, timeout):
        return 1
    return cache.incr(key)
