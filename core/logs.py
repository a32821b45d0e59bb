"""Log lines: one JSON object a line in production (``LOG_FORMAT=json``), readable text in
development; either way each carries the request id (``core.request_id``) and, in a worker,
the task's id and name.

Django's ``LOGGING`` (config/settings) uses these for the web processes; a Celery worker sets
up its own handlers, so ``celery_logging`` gives them the same filter and format.
"""

import logging

from django.conf import settings

from core.request_id import request_id, running_task

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
# The fields every JSON line has; whatever a call adds in ``extra`` follows them.
JSON_FIELDS = "%(levelname)s %(name)s %(message)s %(request_id)s"
JSON_RENAMED = {"levelname": "level", "name": "logger"}


class ContextFilter(logging.Filter):
    """Adds the request id, and the running task's id and name, to every record handled."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get() or "-"
        task_id, task_name = running_task.get()
        if task_id:
            record.task_id, record.task_name = task_id, task_name
        return True


def json_formatter() -> logging.Formatter:
    from pythonjsonlogger.json import JsonFormatter

    # "time": when, in UTC, ISO 8601 with its offset.
    return JsonFormatter(JSON_FIELDS, rename_fields=JSON_RENAMED, timestamp="time")


def celery_logging(logger: logging.Logger, **kwargs) -> None:
    """For Celery's ``after_setup_logger`` and ``after_setup_task_logger`` signals."""
    for handler in logger.handlers:
        handler.addFilter(ContextFilter())
        handler.setFormatter(
            json_formatter() if settings.LOG_FORMAT == "json" else logging.Formatter(TEXT_FORMAT)
        )
