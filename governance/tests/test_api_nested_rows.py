"""Agreements and terms of reference are listed from ``.values()`` rows with their children
(parties and signatories, versions, commitments and their owners, quorum requirements) read as
rows (core.api.children): the same JSON as DRF's own serializer writes for the instances."""

from datetime import date

import pytest
from rest_framework.serializers import Serializer

from core.api import base, children
from core.api.columns import ColumnSerializer
from governance import services
from governance.api.views import AgreementViewSet, TermsOfReferenceViewSet
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(system, office, organisation, partner, in_scope):
    signatory = factories.PersonFactory(system=system, name="Sam Example", title="Chief Executive")
    agreements = []
    for n, notice in enumerate((90, None)):
        agreement = services.agreement_create(
            actor=office,
            system=system,
            title=f"Agreement {n}",
            kind="mou",
            status="in_effect",
            effective_on=date(2017, 4, 1),
            expires_on=date(2019, 3, 31),
            withdrawal_notice_days=notice,
            binding_clauses=["Clause 12", "Clause 14"],
            dispute_resolution=["Between the parties.", "The chair."],
        )
        signed = services.party_add(actor=office, agreement=agreement, organisation=organisation)
        services.party_sign(
            actor=office, party=signed, signatory=signatory, signed_on=date(2017, 3, 1)
        )
        services.party_give_withdrawal_notice(actor=office, party=signed, given_on=date(2019, 1, 1))
        services.party_add(actor=office, agreement=agreement, organisation=partner, scope="Part 1")
        for number in ("1.0", "1.1"):
            services.agreement_version_add(
                actor=office, agreement=agreement, number=number, issued_on=date(2017, 3, 1)
            )
        services.commitment_add(
            actor=office,
            agreement=agreement,
            number=1,
            text="Share the plan.",
            owners=[organisation, partner],
        )
        services.commitment_add(actor=office, agreement=agreement, number=2, text="Meet monthly.")
        agreements.append(agreement)
    committee = factories.CommitteeFactory(system=system)
    services.terms_create(
        actor=office,
        committee=committee,
        version="1.0",
        effective_from=date(2017, 4, 1),
        review_on=date(2018, 4, 1),
        fraction_numerator=2,
        fraction_denominator=3,
        requirements={organisation: 1, partner: 2},
    )
    services.terms_create(
        actor=office, committee=committee, version="2.0", effective_from=date(2018, 4, 1)
    )
    return agreements


def _read(api, prefix) -> list:
    rows = api(f"/api/v1/{prefix}/").json()["results"]
    return [rows, [api(f"/api/v1/{prefix}/{row['id']}/").json() for row in rows]]


@pytest.mark.parametrize("prefix", ["agreements", "terms-of-reference"])
def test_lists_with_children_write_drfs_rows(api, records, prefix, monkeypatch):
    ours = _read(api, prefix)
    assert len(ours[0]) == 2
    monkeypatch.setattr(ColumnSerializer, "to_representation", Serializer.to_representation)
    monkeypatch.setattr(base, "column_writer", lambda *args: None)
    monkeypatch.setattr(children, "column_writer", lambda *args: None)
    assert ours == _read(api, prefix)


def test_the_children_are_written_as_recorded(api, records, organisation, partner):
    rows = {row["title"]: row for row in api("/api/v1/agreements/").json()["results"]}
    noticed, unnoticed = rows["Agreement 0"], rows["Agreement 1"]
    # In the organisations' order of name.
    assert [p["organisation"] for p in noticed["parties"]] == [partner.pk, organisation.pk]
    signed, unsigned = noticed["parties"][1], noticed["parties"][0]
    assert signed["signatory"] == {"name": "Sam Example", "title": "Chief Executive"}
    assert signed["withdrawal_effective_on"] == "2019-04-01"
    assert unnoticed["parties"][1]["withdrawal_effective_on"] == "2019-01-01"  # no notice period
    assert unsigned["signatory"] is None
    assert [len(c["owners"]) for c in noticed["commitments"]] == [2, 0]
    assert [v["number"] for v in noticed["versions"]] == ["1.0", "1.1"]
    assert noticed["binding_clauses"] == ["Clause 12", "Clause 14"]
    terms = api("/api/v1/terms-of-reference/").json()["results"]
    rule = terms[0]["quorum_rule"]
    assert rule["fraction_of_members"] == [2, 3]
    assert sorted(r["minimum_present"] for r in rule["requirements"]) == [1, 2]
    assert terms[1]["quorum_rule"]["requirements"] == []


@pytest.mark.parametrize("viewset", [AgreementViewSet, TermsOfReferenceViewSet])
def test_the_lists_are_read_as_rows(viewset, rf, in_scope):
    view = viewset()
    view.format_kwarg, view.request = None, rf.get("/")
    assert view.list_writer() is not None
