"""Project-wide rules every domain model keeps: history, admin, and fail-closed scoping."""

import pytest
from django.apps import apps
from django.contrib import admin

from core.scoping import ScopeError, SystemScopedManager, system_path, unscoped

DOMAIN_APPS = ("partners", "governance", "milestones", "escalation", "finance", "reports")
# Reference data shared by every system, and per-user records, read through core.authz.
SHARED = {
    "partners.System",
    "partners.Organisation",
    "partners.Access",
    "partners.ApiToken",
    "finance.FinancialYear",
}


def domain_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in DOMAIN_APPS and not model.__name__.startswith("Historical")
    ]


@pytest.mark.parametrize("model", domain_models(), ids=lambda m: m._meta.label)
def test_every_domain_model_has_history(model):
    assert hasattr(model, "history"), f"{model._meta.label} has no HistoricalRecords()"


@pytest.mark.parametrize("model", domain_models(), ids=lambda m: m._meta.label)
def test_every_domain_model_is_in_the_admin(model):
    assert admin.site.is_registered(model)


@pytest.mark.parametrize(
    "model",
    [m for m in domain_models() if m._meta.label not in SHARED],
    ids=lambda m: m._meta.label,
)
def test_every_system_owned_model_fails_closed(model, db):
    assert isinstance(model._default_manager, SystemScopedManager)
    with pytest.raises(ScopeError):
        model.objects.count()
    with unscoped():
        # The scoping path leads to a real System: filtering on it is valid SQL.
        assert model.objects.filter(**{f"{system_path(model)}__in": [0]}).count() == 0
