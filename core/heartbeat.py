"""Each Celery worker says it is alive: a key in Redis, renewed every few seconds, that expires
on its own when the worker stops renewing it (dead, hung or cut off from Redis).

The readiness check (``core.api.health``) reads the keys: one cheap Redis scan instead of a
broadcast ``ping`` that waits a second for every worker to answer. The step is added to the
worker by ``config.celery``; it runs on the worker's own timer, in its main process.
"""

import contextlib
import logging
import time

import redis
from celery import bootsteps
from django.conf import settings

from core.redis_clients import connect

logger = logging.getLogger(__name__)

PREFIX = "tracker:worker-heartbeat:"


def client() -> redis.Redis:
    return connect(settings.REDIS_URL)


def live_workers(connection: redis.Redis) -> list[str]:
    """The host names of the workers whose heartbeat has not expired."""
    return sorted(
        key.decode()[len(PREFIX) :] for key in connection.scan_iter(match=f"{PREFIX}*", count=100)
    )


class WorkerHeartbeat(bootsteps.StartStopStep):
    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.timer_entry = None
        self.key = ""

    def start(self, worker) -> None:
        if not settings.REDIS_URL:
            return
        self.key = f"{PREFIX}{worker.hostname}"
        self.connection = client()
        self.beat()
        self.timer_entry = worker.timer.call_repeatedly(
            settings.WORKER_HEARTBEAT_SECONDS, self.beat
        )

    def beat(self) -> None:
        # Lives three rounds: one missed write (a slow Redis) does not make the worker dead.
        try:
            self.connection.set(
                self.key, str(int(time.time())), ex=3 * settings.WORKER_HEARTBEAT_SECONDS
            )
        except redis.RedisError as error:
            logger.warning("The worker's heartbeat was not written: %s", error)

    def stop(self, worker) -> None:
        if self.timer_entry is not None:
            self.timer_entry.cancel()
            self.timer_entry = None
        if self.key:
            with contextlib.suppress(redis.RedisError):
                self.connection.delete(self.key)
