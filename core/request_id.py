"""Every request has an id: the caller's ``X-Request-ID`` when it is a safe token (a proxy's
or a load balancer's, so one id follows the request through them all), otherwise a new one. It
is sent back in the response's header, written on every log line the request causes
(``core.logs``) and on its error report (Sentry, where configured), and travels with each
Celery task the request queues, in the message's headers, so the task's lines carry it too.
"""

import contextvars
import logging
import re
import sys
import time
import uuid

from celery.signals import before_task_publish, task_postrun, task_prerun

HEADER = "X-Request-ID"
MESSAGE_HEADER = "request_id"
# Letters, digits and a little punctuation, as ids are written (a UUID, a trace id): nothing
# that could forge a log line or a header.
SAFE = re.compile(r"[A-Za-z0-9._:-]{1,128}")

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
# The Celery task running now: (id, name), or empty outside a task.
running_task: contextvars.ContextVar[tuple[str, str]] = contextvars.ContextVar(
    "running_task", default=("", "")
)

logger = logging.getLogger("tracker.requests")


def from_header(value: str) -> str:
    return value if SAFE.fullmatch(value) else uuid.uuid4().hex


class RequestIdMiddleware:
    """First of all: everything below logs under the request's id. One line a request, as an
    access log would write it (the path without its query, which may hold what was searched)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = from_header(request.headers.get(HEADER, ""))
        token = request_id.set(request.request_id)
        _tag_error_reports(request.request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request.request_id
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id.reset(token)


def _tag_error_reports(value: str) -> None:
    """The id on any error report Sentry sends. sentry-sdk is imported only where SENTRY_DSN
    started it (config/sentry.py): elsewhere its import, and that of its integrations, would be
    some 20 MB of every web and worker process for a tag that goes nowhere."""
    sentry_sdk = sys.modules.get("sentry_sdk")
    if sentry_sdk is not None:
        sentry_sdk.set_tag("request_id", value)


# Tasks: the id goes into the message's headers (Celery gives a task its message's headers as
# attributes of ``task.request``), and is the context of the task's run in the worker.
_running: dict[str, list[contextvars.Token]] = {}


@before_task_publish.connect(dispatch_uid="core.request_id.publish")
def _publish(headers=None, **kwargs) -> None:
    current = request_id.get()
    if current and headers is not None:
        headers.setdefault(MESSAGE_HEADER, current)


@task_prerun.connect(dispatch_uid="core.request_id.prerun")
def _prerun(task_id=None, task=None, **kwargs) -> None:
    tokens = [running_task.set((task_id or "", getattr(task, "name", "")))]
    carried = getattr(task.request, MESSAGE_HEADER, None) if task is not None else None
    # In the web process itself (tasks run eagerly) the request's own id is already current.
    if isinstance(carried, str) and SAFE.fullmatch(carried):
        tokens.append(request_id.set(carried))
        _tag_error_reports(carried)
    _running[task_id] = tokens


@task_postrun.connect(dispatch_uid="core.request_id.postrun")
def _postrun(task_id=None, **kwargs) -> None:
    for token in reversed(_running.pop(task_id, [])):
        token.var.reset(token)
