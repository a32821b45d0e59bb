"""The tenant (a system) and the record of who may see it, named by the project's settings
(``TRACKER_TENANT_MODEL``, ``TRACKER_ACCESS_MODEL``) as ``AUTH_USER_MODEL`` names the user, so
that the platform layer asks for them without importing a domain app.

The access model has ``user``, ``system``, ``role`` (a ``core.roles.Role``), ``ends_on`` (the
day it stops granting anything, or None) and
``organisation`` (the organisation a partner lead leads).
"""

from django.apps import apps
from django.conf import settings
from django.db import models


def tenant_model() -> type[models.Model]:
    return apps.get_model(settings.TRACKER_TENANT_MODEL, require_ready=False)


def access_model() -> type[models.Model]:
    return apps.get_model(settings.TRACKER_ACCESS_MODEL, require_ready=False)


def is_tenant(model: type[models.Model]) -> bool:
    return model._meta.label == settings.TRACKER_TENANT_MODEL
