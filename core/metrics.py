"""Prometheus metrics at ``/metrics``, for the scraper alone (a bearer token, ``METRICS_TOKEN``).

What django-prometheus counts in each process (requests by view and status, their latency,
database queries, errors and connections), and what is read when scraped, the same for every
web process and worker: Celery tasks ended by task and state (each worker counts them in Redis
as they end), the queues' depth in the broker, and what each app registers here (the monthly
reports by status, with their failures: ``reports.metrics``).

Without a token nothing is served (404, as to anyone without it): the metrics name views,
tasks and counts that are nobody else's business.
"""

import contextlib
import hmac
import logging
import os
from collections.abc import Iterable, Iterator

import redis
from celery import current_app
from celery.signals import task_postrun
from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from core.redis_clients import connect

TASKS_KEY = "tracker:metrics:tasks"

logger = logging.getLogger(__name__)

_collectors: list = []


def register(collector) -> None:
    """An app's collector (an object with ``collect()`` yielding metric families), read at
    each scrape."""
    _collectors.append(collector)


@task_postrun.connect(dispatch_uid="core.metrics.task_ended")
def _task_ended(task=None, state=None, **kwargs) -> None:
    if not settings.REDIS_URL or task is None:
        return
    # A count may be lost when Redis is down; a task never fails for it.
    with contextlib.suppress(redis.RedisError):
        connect(settings.REDIS_URL).hincrby(TASKS_KEY, f"{task.name}|{state or 'UNKNOWN'}", 1)


class CeleryCollector:
    def collect(self) -> Iterator[Metric]:
        if not settings.REDIS_URL:
            return
        tasks = CounterMetricFamily(
            "tracker_celery_tasks",
            "Celery tasks ended, by task and state",
            labels=["task", "state"],
        )
        for field, count in connect(settings.REDIS_URL).hgetall(TASKS_KEY).items():
            name, _, state = field.decode().rpartition("|")
            tasks.add_metric([name, state], int(count))
        yield tasks
        depth = GaugeMetricFamily(
            "tracker_celery_queue_length", "Messages waiting in the broker", labels=["queue"]
        )
        broker = connect(settings.CELERY_BROKER_URL)
        for queue in sorted(current_app.amqp.queues):
            depth.add_metric([queue], broker.llen(queue))
        yield depth


class _Scraped:
    """The figures read at each scrape, from sources (Redis, the database) that may be down:
    the scrape still answers, with ``tracker_metrics_source_up{source}`` 0 for a source that
    failed, instead of its figures."""

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily(
            "tracker_metrics_source_up", "Whether a source of figures answered", labels=["source"]
        )
        for collector in [CeleryCollector(), *_collectors]:
            name = type(collector).__name__
            try:
                figures = list(collector.collect())
            except Exception as error:
                logger.warning("Metrics from %s failed: %s", name, type(error).__name__)
                up.add_metric([name], 0)
            else:
                up.add_metric([name], 1)
                yield from figures
        yield up


class _ThisProcess:
    """The process's own metrics (django-prometheus's), when one process serves them all."""

    def collect(self) -> Iterable[Metric]:
        return REGISTRY.collect()


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Several gunicorn workers: each writes its counts to files there, read together.
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(_Scraped())
    return registry


def _authorised(request) -> bool:
    token = settings.METRICS_TOKEN
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return (
        bool(token) and scheme == "Bearer" and hmac.compare_digest(given.encode(), token.encode())
    )


@never_cache
def metrics(request):
    if not _authorised(request):
        raise Http404
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
