"""Every model of the project's apps has a factory that saves a valid record: a new model without
one fails here, so the permission harness and the admin walk can always build it."""

import factory
import pytest
from django.apps import apps
from django.db import models

from core.admin_scope import owner_system_id
from core.scoping import scope, unscoped
from tests import factories, meeting_factories, record_factories

pytestmark = pytest.mark.django_db

APPS = [
    "core",
    "partners",
    "governance",
    "milestones",
    "escalation",
    "finance",
    "reports",
    "accounts",
]


def _is_history(model: type[models.Model]) -> bool:
    # django-simple-history's tables are written by the library, never by a test.
    return hasattr(model, "instance_type")


MODELS = [
    model
    for app in APPS
    for model in apps.get_app_config(app).get_models()
    if not _is_history(model)
]

FACTORIES = {
    value._meta.model: value
    for module in (factories, record_factories, meeting_factories)
    for value in vars(module).values()
    if isinstance(value, type)
    and issubclass(value, factory.django.DjangoModelFactory)
    and value._meta.model is not None
}


def test_the_walk_finds_the_models():
    # A broken walk (an app renamed, history models let in) would make the next test vacuous.
    names = {model._meta.label for model in MODELS}
    assert {"core.FormSubmission", "partners.System", "reports.MonthlyReport"} <= names
    assert not any(name.split(".")[1].startswith("Historical") for name in names)


def test_factories_write_en_gb():
    assert factory.Faker._DEFAULT_LOCALE == "en_GB"


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_every_model_has_a_factory_that_saves_a_valid_record(model):
    assert model in FACTORIES, (
        f"no factory for {model._meta.label} in tests/factories.py or tests/record_factories.py"
    )
    record = FACTORIES[model]()
    assert record.pk is not None
    system_id = owner_system_id(record)
    with scope([system_id]) if system_id is not None else unscoped():
        record.full_clean()
        assert model._default_manager.filter(pk=record.pk).exists()
