"""Every paged list page, in every sort it offers, shows every row exactly once across its
pages, with nulls and ties in the sorted column (tests.ordering_data), whichever database
places nulls where."""

import copy
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.urls import reverse

from core.scoping import system_path
from escalation import views as escalation_views
from escalation.forms import RiskFilterForm
from escalation.models import Risk
from governance.models import Agreement, Committee, Meeting
from governance.views import agreements, committees, meetings
from milestones import views as milestone_views
from milestones.forms import ORDER_CHOICES
from milestones.models import Milestone, Workstream
from milestones.querysets import milestone_rows, sort_rows
from milestones.views import WORKSTREAM_ORDER
from partners import views as partner_views
from partners.models import Partnership, Person, System
from tests.ordering_data import ROWS, copy_rows, nulls_and_ties

# (page, the module whose Paginator pages it, the model listed, {sort value: columns to give
# nulls and ties}); "" is the page's default order.
PAGES = [
    ("governance:committee-list", committees, Committee, {"": [], "kind": ["kind"],
                                                          "stage": ["stage"]}),
    ("governance:agreement-list", agreements, Agreement, {"": ["title"]}),
    ("governance:meeting-list", meetings, Meeting, {"": ["held_on"]}),
    ("milestones:milestone-list", milestone_views, Milestone, {
        value: ["baseline_on", "forecast_on", "title"] for value, _ in ORDER_CHOICES
    }),
    ("milestones:workstream-list", milestone_views, Workstream, {
        value: ["target_date", "name"] for value in WORKSTREAM_ORDER
    }),
    ("escalation:risk-list", escalation_views, Risk, {
        value: ["review_on", "likelihood"] for value, _ in RiskFilterForm.ORDERS
    }),
    ("partners:organisation-list", partner_views, Partnership, {"": []}),
    ("partners:person-list", partner_views, Person, {"": ["name", "title"]}),
]  # fmt: skip
CASES = [
    pytest.param(name, module, model, order, columns, id=f"{name}?order={order}")
    for name, module, model, orders in PAGES
    for order, columns in orders.items()
]


def _object_id(item) -> int:
    if isinstance(item, tuple):
        item = item[0]
    return getattr(item, "milestone", item).pk


def _ends_with_the_id(ordering) -> bool:
    if not ordering:
        return False  # the model's default order, whatever it is
    last = ordering[-1]
    name = last.lstrip("-") if isinstance(last, str) else getattr(last.expression, "name", "")
    return name in ("pk", "id")


def _walk(client, url: str, order: str) -> list[int]:
    """The rows' ids, page by page. Each page's rows must come in a total order: a database
    returns rows that tie in no particular order, which may differ from one request to the
    next (PostgreSQL's does as its plans change), so a page could show another page's row."""
    ids, number = [], 1
    while True:
        response = client.get(url, {"order": order, "page": number} if order else {"page": number})
        assert response.status_code == 200
        page = response.context["page"]
        if isinstance(page.paginator.object_list, QuerySet):
            assert _ends_with_the_id(page.paginator.object_list.query.order_by)
        ids += [_object_id(item) for item in page.object_list]
        if not page.has_next():
            return ids
        number += 1


@pytest.mark.parametrize(("name", "module", "model", "order", "columns"), CASES)
def test_every_row_once_across_pages(
    client, seeds, monkeypatch, name, module, model, order, columns
):
    copy_rows(model, ROWS)
    for column in columns:
        nulls_and_ties(model, column)
    system_id = model._base_manager.values_list(system_path(model), flat=True).order_by("pk")[0]
    url = reverse(name, kwargs={"slug": System.objects.get(pk=system_id).slug})
    client.force_login(get_user_model().objects.get(username="regulator"))
    monkeypatch.setattr(module, "Paginator", lambda rows, _: Paginator(rows, 1000))
    everything = _walk(client, url, order)
    assert len(everything) >= 3, f"{name}: too few rows to page through"
    monkeypatch.setattr(module, "Paginator", lambda rows, _: Paginator(rows, 2))
    paged = _walk(client, url, order)
    assert paged == everything and len(set(paged)) == len(paged)


@pytest.mark.parametrize("order", [value for value, _ in ORDER_CHOICES])
def test_milestones_sort_the_same_whatever_order_they_arrive_in(seeds, order):
    """The milestones page sorts its rows in memory (RAG and slippage are computed there):
    rows that tie on the sorted column and the title keep their id order, not the order the
    database happened to return them in."""
    system_id = Milestone.objects.values_list("workstream__plan__system", flat=True)[0]
    milestones = list(
        Milestone.objects.filter(workstream__plan__system=system_id).select_related(
            "workstream__plan"
        )
    )
    copies = [copy.copy(m) for m in milestones]  # each ties with its original
    for duplicate in copies:
        duplicate.pk += 10_000
    rows = milestone_rows([*milestones, *copies], date(2019, 10, 1))
    assert sort_rows(rows, order) == sort_rows(rows[::-1], order)
