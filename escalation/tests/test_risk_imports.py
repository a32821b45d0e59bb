"""Risks from a spreadsheet through the pages: an export imports back unchanged, one edited
cell is one change with its history, and a rating the register would refuse is refused."""

import html
from datetime import date

import pytest
from django.urls import reverse

from core.models import ImportBatch
from core.scoping import scope
from escalation.models import Risk
from tests import factories
from tests.import_helpers import batch_id, edited, exported, upload, workbook

pytestmark = pytest.mark.django_db


def _url(system, name, **kwargs):
    return reverse(f"escalation:{name}", kwargs={"slug": system.slug, **kwargs})


def _register(system):
    factories.RiskFactory(
        system=system, reference="R1", title="Workforce gaps", likelihood=3, impact=4
    )
    factories.RiskFactory(
        system=system,
        reference="R2",
        title='=HYPERLINK("http://example.com","x")',
        grade="H",
        likelihood=None,
        impact=None,
        category="financial",
        review_on=date(2026, 3, 31),
    )


def _batch(client, system, name, data):
    pk = batch_id(upload(client, _url(system, "risk-import"), name, data))
    with scope([system]):
        return ImportBatch.objects.get(pk=pk)


def test_an_export_imports_back_unchanged(client, office, system):
    _register(system)
    client.force_login(office)
    data = exported(client.get(_url(system, "risk-list"), {"format": "xlsx"}))
    batch = _batch(client, system, "risks.xlsx", data)
    assert batch.counts == {"create": 0, "change": 0, "unchanged": 2, "error": 0}
    page = client.get(_url(system, "risk-import-preview", pk=batch.pk))
    assert "No changes" in page.text


def test_one_edited_cell_is_one_change_with_history(client, office, system):
    _register(system)
    client.force_login(office)
    data = exported(client.get(_url(system, "risk-list"), {"format": "xlsx", "order": "reference"}))
    batch = _batch(client, system, "log.xlsx", edited(data, "Impact", 1, 5))
    assert [r["changes"] for r in batch.rows if r["action"] == "change"] == [[["Impact", "4", "5"]]]
    assert client.post(_url(system, "risk-import-confirm", pk=batch.pk)).status_code == 302
    with scope([system]):
        risk = Risk.objects.get(system=system, reference="R1")
        assert risk.impact == 5
        assert risk.history.first().history_change_reason == "Imported from log.xlsx"
        assert Risk.objects.get(reference="R2").title.startswith("=HYPERLINK")


def test_a_new_risk_is_added_and_a_bad_rating_refused(client, office, system):
    client.force_login(office)
    header = ["Reference", "Title", "Likelihood", "Impact", "Rating", "Status"]
    data = workbook(
        header,
        [7, "Estates delay", 2, 3, "Medium (6)", "Open"],
        ["R8", "Both ways", 2, 3, "H", None],
        ["R9", "Half a score", 2, None, None, None],
        ["R10", "Closed by import", None, None, "L", "Closed"],
    )
    batch = _batch(client, system, "new.xlsx", data)
    errors = {r["row"]: r["errors"] for r in batch.rows}
    assert errors[2] == []
    assert errors[3] == [
        ["Rating", "Rate the risk H / M / L or by likelihood and impact, not both."]
    ]
    assert errors[4] == [["Impact", "Give the impact too: a score needs both."]]
    assert errors[5][0][0] == "Status"
    page = client.get(_url(system, "risk-import-preview", pk=batch.pk))
    assert "Row" in page.text and "a score needs both" in html.unescape(page.text)
    good = _batch(
        client, system, "good.xlsx", workbook(header, [7, "Estates delay", 2, 3, None, None])
    )
    assert client.post(_url(system, "risk-import-confirm", pk=good.pk)).status_code == 302
    with scope([system]):
        risk = Risk.objects.get(system=system, reference="7")
    assert (risk.likelihood, risk.impact, risk.grade) == (2, 3, "")
