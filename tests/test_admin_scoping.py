"""The admin, walked model by model: a programme office of one system (a staff member with every
admin permission) finds nothing of another system by any admin URL, and is offered none of its
records in any form. Every record kind is built here, so a new model is covered without a new
test."""

import datetime
import itertools
import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from core.admin_scope import (
    SameSystemForm,
    ScopedAdminMixin,
    ScopedInlineMixin,
    is_system_owned,
    owner_system_id,
)
from core.roles import Role
from core.scoping import scope, unscoped
from finance.models import FinancialYear
from governance.models import Committee, Membership
from partners.models import Access, Organisation, Partnership, System
from tests import factories

pytestmark = pytest.mark.django_db

SYSTEM_OWNED = [m for m in admin.site._registry if is_system_owned(m)]
_serial = itertools.count()


def _value(field: models.Field):
    """A valid value for a required field with no default: the first choice, day 1 of a month
    (several models keep months), 1 for numbers (scores and quorums start at 1)."""
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return datetime.date(2020, 1, 1)
    if isinstance(field, models.DecimalField | models.IntegerField | models.FloatField):
        return 1
    if isinstance(field, models.EmailField):
        return f"person{next(_serial)}@example.nhs.uk"
    text = f"{field.name} {next(_serial)}"
    if field.max_length is not None and len(text) > field.max_length:  # e.g. a quarter's 7
        text = text.split()[-1][-field.max_length :]
    return text


def _financial_year() -> FinancialYear:
    year, _ = FinancialYear.objects.get_or_create(
        label="2019/20",
        defaults={"starts_on": datetime.date(2019, 4, 1), "ends_on": datetime.date(2020, 3, 31)},
    )
    return year


def build(model: type[models.Model], system: System) -> models.Model:
    """One saved record of ``model`` in ``system``, its required relations built in it too."""
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.null or field.has_default():
            continue
        if field.is_relation:
            related = field.related_model
            if related is System:
                values[field.name] = system
            elif related is Organisation and model is Partnership:
                values[field.name] = factories.OrganisationFactory()
            elif related is Organisation:
                values[field.name] = factories.PartnershipFactory(system=system).organisation
            elif related is FinancialYear:
                values[field.name] = _financial_year()
            elif related is get_user_model():
                values[field.name] = factories.UserFactory()
            else:
                values[field.name] = build(related, system)
        else:  # blank text too: some records need a name or a post
            values[field.name] = _value(field)
    instance = model(**values)
    instance.save()
    return instance


@pytest.fixture
def staff_office(office, system):
    """A programme office of ``system`` only, with every admin permission there is."""
    office.is_staff = True
    office.save()
    office.user_permissions.set(Permission.objects.all())
    return office


@pytest.fixture
def records(system, other_system):
    """One record of every system-owned kind in each of the two systems."""
    return {
        model: {"ours": build(model, system), "theirs": build(model, other_system)}
        for model in SYSTEM_OWNED
    }


def _urls(record) -> dict[str, str]:
    opts = record._meta
    info = f"admin:{opts.app_label}_{opts.model_name}"
    version = record.history.latest().history_id
    return {
        "change": reverse(f"{info}_change", args=[record.pk]),
        "delete": reverse(f"{info}_delete", args=[record.pk]),
        "history": reverse(f"{info}_history", args=[record.pk]),
        "history record": reverse(f"{info}_simple_history", args=[record.pk, version]),
    }


def test_every_admin_and_inline_uses_the_scoped_base():
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        assert isinstance(model_admin, ScopedAdminMixin), label
        if not model_admin.superuser_only:
            assert issubclass(model_admin.form, SameSystemForm), label
        for inline in model_admin.inlines:
            assert issubclass(inline, ScopedInlineMixin), inline
            assert issubclass(inline.form, SameSystemForm), inline


def test_every_record_kind_of_a_system_is_in_the_walk():
    # The seventeen the issue names and the rest: a model added later is walked by itself.
    assert len(SYSTEM_OWNED) >= 17


@pytest.mark.parametrize("model", SYSTEM_OWNED, ids=lambda m: m._meta.label)
def test_another_systems_record_is_found_by_no_admin_url(
    model, client, staff_office, system, other_system
):
    ours, theirs = build(model, system), build(model, other_system)
    client.force_login(staff_office)
    opts = model._meta
    listing = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert listing.status_code == 200
    page = listing.content.decode()
    assert _urls(ours)["change"] in page
    assert _urls(theirs)["change"] not in page
    for kind, url in _urls(theirs).items():
        # Another system's record answers as an id that never existed: not found, or sent back
        # to the index, or (a read-only admin refuses before it looks the record up) forbidden.
        missing = url.replace(f"/{theirs.pk}/", "/987654/", 1)
        for method in (client.get, client.post):
            response = method(url, {"post": "yes"} if method == client.post else {})
            assert response.status_code == method(missing).status_code, (kind, method)
            assert response.status_code in (302, 403, 404), (kind, url)
            if response.status_code == 302:
                assert response["Location"] == reverse("admin:index"), kind
    for kind in ("history", "history record"):
        assert client.get(_urls(ours)[kind]).status_code == 200, kind
    with unscoped():
        assert model.objects.filter(pk=theirs.pk).exists()


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _admits(choice, system: System) -> bool:
    if isinstance(choice, Organisation):
        return Partnership._base_manager.filter(system=system, organisation=choice).exists()
    if isinstance(choice, get_user_model()):
        return Access.objects.filter(system=system, user=choice).exists()
    owner = owner_system_id(choice)
    return owner is None or owner == system.pk


def _choice_fields(form_class):
    for name, field in form_class.base_fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is not None:
            yield name, queryset


def test_every_form_offers_only_its_systems_records(records, staff_office, system):
    request = _request(staff_office)
    offered = 0
    with scope([system]):  # what the request middleware opens for this user
        for model, model_admin in admin.site._registry.items():
            if model_admin.superuser_only:
                continue
            forms = [model_admin.get_form(request)]
            parent = records[model]["ours"] if model in records else None
            for inline in model_admin.get_inline_instances(request, parent):
                forms.append(inline.get_formset(request, parent).form)
            for form_class in forms:
                for name, queryset in _choice_fields(form_class):
                    for choice in queryset:
                        offered += 1
                        assert _admits(choice, system), (model._meta.label, name, choice)
    assert offered > 100  # the walk offered real choices, ours, to check


def test_list_filters_name_only_the_offices_systems(client, staff_office, system, other_system):
    # (A filter with one value to offer is not shown: ours offers two.)
    ours, _ = (factories.MeetingFactory(committee__system=system) for _ in range(2))
    theirs = factories.MeetingFactory(committee__system=other_system)
    client.force_login(staff_office)
    page = client.get(reverse("admin:governance_committee_changelist")).content.decode()
    assert "Alpha STP" in page
    assert "Beta ICS" not in page
    page = client.get(reverse("admin:governance_meeting_changelist")).content.decode()
    assert f"committee__id__exact={ours.committee_id}" in page
    assert f"committee__id__exact={theirs.committee_id}" not in page


def test_autocomplete_offers_only_the_offices_partners(client, staff_office, system, other_system):
    ours = factories.PartnershipFactory(system=system).organisation
    theirs = factories.PartnershipFactory(system=other_system).organisation
    client.force_login(staff_office)
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "partners", "model_name": "person", "field_name": "organisation"},
    )
    ids = {int(row["id"]) for row in response.json()["results"]}
    assert ours.pk in ids
    assert theirs.pk not in ids


def test_the_delete_action_cannot_reach_another_systems_record(
    client, staff_office, system, other_system
):
    ours = factories.CommitteeFactory(system=system)
    theirs = factories.CommitteeFactory(system=other_system)
    client.force_login(staff_office)
    client.post(
        reverse("admin:governance_committee_changelist"),
        {"action": "delete_selected", "_selected_action": [ours.pk, theirs.pk], "post": "yes"},
    )
    with unscoped():
        assert model_exists(theirs)
        assert not model_exists(ours)


def model_exists(record) -> bool:
    return type(record)._base_manager.filter(pk=record.pk).exists()


@pytest.mark.parametrize("model", [get_user_model(), "auth.Group", "partners.ApiToken"])
def test_accounts_groups_and_tokens_are_for_platform_operators_only(model, client, staff_office):
    label = model if isinstance(model, str) else model._meta.label
    app_label, name = label.lower().split(".")
    client.force_login(staff_office)
    assert client.get(reverse(f"admin:{app_label}_{name}_changelist")).status_code == 403
    assert client.get(reverse(f"admin:{app_label}_{name}_add")).status_code == 403
    page = client.get(reverse("admin:index")).content.decode()
    assert not re.search(rf'href="/admin/{app_label}/{name}/"', page)


def test_the_view_on_site_shortcut_is_no_existence_oracle(client, staff_office, other_system):
    theirs = factories.CommitteeFactory(system=other_system)
    content_type = ContentType.objects.get_for_model(theirs)
    client.force_login(staff_office)
    found = client.get(f"/admin/r/{content_type.pk}/{theirs.pk}/")
    missing = client.get(f"/admin/r/{content_type.pk}/987654/")
    assert found.status_code == missing.status_code == 404
    # (no model here has a page of its own to go to). The pages differ only in the CSRF
    # token, masked afresh for every response, and the session's seconds left.
    assert _unmasked(found.content) == _unmasked(missing.content)


def _unmasked(content: bytes) -> bytes:
    token = rb'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+'
    content = re.sub(token, rb"\1", content)
    return re.sub(rb'(data-(?:idle|lifetime)-seconds=")[0-9]+', rb"\1", content)


def test_a_staff_member_who_runs_no_system_sees_no_records(client, chair, system):
    """The admin follows who administers a system, not who may read it: a chair or a regulator
    with staff status reads their systems on the pages, and nothing here."""
    factories.CommitteeFactory(system=system)
    chair.is_staff = True
    chair.save()
    chair.user_permissions.set(Permission.objects.all())
    client.force_login(chair)
    page = client.get(reverse("admin:governance_committee_changelist"))
    assert page.status_code == 200
    assert page.context["cl"].result_count == 0
    assert client.get(reverse("admin:governance_committee_add")).status_code == 200
    form = client.get(reverse("admin:governance_committee_add")).context["adminform"].form
    assert list(form.fields["system"].queryset) == []


# Inlines: a new row may name only records of the parent's system.


def _committee_data(user, committee, memberships: list[dict]) -> dict:
    request = RequestFactory().get("/")
    request.user = user
    model_admin = admin.site._registry[Committee]
    data = {k: ("" if v is None else v) for k, v in model_to_dict(committee).items()}
    for inline in model_admin.get_inline_instances(request, committee):
        prefix = inline.get_formset(request, committee).get_default_prefix()
        rows = memberships if inline.model is Membership else []
        data.update({f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": 0})
        for number, row in enumerate(rows):
            data.update({f"{prefix}-{number}-{k}": v for k, v in row.items()})
    return data


def _post_committee(client, user, committee, person):
    with scope([committee.system_id]):
        data = _committee_data(user, committee, [{"person": person.pk, "role": "member"}])
    url = reverse("admin:governance_committee_change", args=[committee.pk])
    return client.post(url, data)


def test_an_inline_row_cannot_name_another_systems_person(
    client, staff_office, system, other_system
):
    committee = factories.CommitteeFactory(system=system)
    theirs = factories.PersonFactory(system=other_system)
    client.force_login(staff_office)
    response = _post_committee(client, staff_office, committee, theirs)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    with unscoped():
        assert not Membership.objects.exists()


def test_an_office_of_two_systems_cannot_cross_them_in_an_inline(
    client, staff_office, system, other_system
):
    Access.objects.create(user=staff_office, system=other_system, role=Role.PROGRAMME_OFFICE)
    committee = factories.CommitteeFactory(system=system)
    ours = factories.PersonFactory(system=system)
    theirs = factories.PersonFactory(system=other_system)
    client.force_login(staff_office)
    response = _post_committee(client, staff_office, committee, theirs)
    assert response.status_code == 200
    assert "Choose one in this record&#x27;s system." in response.content.decode()
    with unscoped():
        assert not Membership.objects.exists()
    assert _post_committee(client, staff_office, committee, ours).status_code == 302
    with unscoped():
        assert Membership.objects.get().person == ours


def test_a_saved_record_does_not_move_to_another_system(client, staff_office, system, other_system):
    Access.objects.create(user=staff_office, system=other_system, role=Role.PROGRAMME_OFFICE)
    committee = factories.CommitteeFactory(system=system)
    client.force_login(staff_office)
    with scope([system]):
        data = _committee_data(staff_office, committee, [])
    data["system"] = other_system.pk
    data["name"] = "Renamed"
    url = reverse("admin:governance_committee_change", args=[committee.pk])
    assert client.post(url, data).status_code == 302
    with unscoped():
        committee.refresh_from_db()
    assert (committee.name, committee.system) == ("Renamed", system)
