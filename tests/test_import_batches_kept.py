"""A previewed import is a working copy of a file (people's names among its rows): the daily
task deletes batches past ``IMPORT_BATCH_KEEP_DAYS``, applied or not, and keeps the rest."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from core import tasks
from core.models import ImportBatch
from core.scoping import unscoped
from tests.record_factories import ImportBatchFactory

pytestmark = pytest.mark.django_db


def _uploaded(days_ago: int, **extra) -> ImportBatch:
    batch = ImportBatchFactory(**extra)
    # auto_now_add sets the upload time on create: age it as the clock would have.
    ImportBatch._base_manager.filter(pk=batch.pk).update(
        uploaded_at=timezone.now() - timedelta(days=days_ago)
    )
    return batch


def test_the_daily_task_deletes_batches_past_their_keeping_and_keeps_the_rest(settings):
    settings.IMPORT_BATCH_KEEP_DAYS = 30
    old = _uploaded(31)
    applied_long_ago = _uploaded(45, applied_at=timezone.now() - timedelta(days=44))
    recent = _uploaded(29)
    assert tasks.prune_import_batches.delay().get() == 2
    with unscoped():
        left = set(ImportBatch.objects.values_list("pk", flat=True))
    assert left == {recent.pk}
    assert old.pk not in left and applied_long_ago.pk not in left


def test_the_task_is_on_the_daily_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["prune-import-batches"]
    assert entry["task"] == tasks.prune_import_batches.name
    assert entry["schedule"] == 24 * 60 * 60
