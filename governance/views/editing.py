"""What the governance create and edit pages share: who may use them, the choices their forms
offer, and running a form through a service."""

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest

from core import authz
from core.pages import require
from governance.forms import ServiceErrorMixin
from partners.models import Organisation, Person, System

T = TypeVar("T")


def require_office(request: HttpRequest, system: System) -> None:
    """Governance records are kept by the programme office; every other role may only read
    them (403, since they can see the page the form belongs to)."""
    require(authz.can_administer(request.user, system))


def posted(request: HttpRequest):
    """The form data when the request is a POST, else None (an unbound form)."""
    return request.POST if request.method == "POST" else None


def people(request: HttpRequest, system: System) -> models.QuerySet[Person]:
    # Person's label names its organisation, so fetch it with the person.
    return authz.scoped(request.user, Person).filter(system=system).select_related("organisation")


def partners(request: HttpRequest, system: System) -> models.QuerySet[Organisation]:
    """The system's partner organisations (organisations are shared between systems)."""
    return authz.scoped(request.user, Organisation).filter(partnerships__system=system)


def save(request: HttpRequest, form: ServiceErrorMixin, write: Callable[[dict], T]) -> T | None:
    """On a valid POST, call ``write`` with the cleaned data and return what it saved. A
    service's ValidationError goes next to the fields it concerns and nothing is saved (the
    services are atomic); None tells the view to show the form again."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return write(form.cleaned_data)
    except ValidationError as error:
        form.add_service_error(error)
        return None
