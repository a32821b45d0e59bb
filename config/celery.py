import os

from celery import Celery

from core.heartbeat import WorkerHeartbeat

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Each worker renews its heartbeat in Redis, which the readiness check reads (/readyz).
app.steps["worker"].add(WorkerHeartbeat)
