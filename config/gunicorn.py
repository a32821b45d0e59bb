"""gunicorn as deployed (``gunicorn -c python:config.gunicorn config.wsgi:application``; Compose
and scripts/smoke_production.sh): its own lines (start, workers, timeouts) in the app's log
format, no access log of its own (core.request_id writes one line a request, with its id),
each worker's Prometheus files marked dead when it exits (core.metrics), and large blocks of
memory returned to the system when freed (config.runtime.return_large_allocations)."""

import os

from prometheus_client import multiprocess

from config.env import env_str
from config.log_settings import log_settings
from config.runtime import return_large_allocations

# Set in the master, so every worker forked from it inherits it (config.runtime).
return_large_allocations()

_app = log_settings(env_str("LOG_FORMAT") or "json", env_str("LOG_LEVEL") or "INFO")
logconfig_dict = {
    **_app,
    "loggers": {
        **_app["loggers"],
        # Through the root's handler; their level is gunicorn's --log-level.
        "gunicorn.error": {"handlers": [], "propagate": True},
        "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": True},
    },
}


def child_exit(server, worker) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
