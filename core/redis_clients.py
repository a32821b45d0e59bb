"""One Redis client per address and process, for the platform's own keys (the workers'
heartbeats, the task counts): short timeouts, so a Redis outage makes a check fail quickly
instead of holding a request or a worker."""

from functools import lru_cache

import redis


@lru_cache(maxsize=8)
def connect(url: str) -> redis.Redis:
    # redis-py's pool notices a fork and opens new connections in the child.
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
