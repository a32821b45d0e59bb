import os

from celery import Celery
from celery.signals import after_setup_logger, after_setup_task_logger

from core.heartbeat import WorkerHeartbeat
from core.logs import celery_logging

# A worker started without DJANGO_SETTINGS_MODULE reads the base settings. Python imports this
# package (and so this module) before config.wsgi, which reads production's in that case: it
# asks SETTINGS_DEFAULTED whether the base settings were only this default.
SETTINGS_DEFAULTED = "DJANGO_SETTINGS_MODULE" not in os.environ
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Each worker renews its heartbeat in Redis, which the readiness check reads (/readyz).
app.steps["worker"].add(WorkerHeartbeat)
# The worker's log lines as the web's: the same format, with the request id and the task's.
after_setup_logger.connect(celery_logging, dispatch_uid="config.celery.logging")
after_setup_task_logger.connect(celery_logging, dispatch_uid="config.celery.task_logging")
