"""Risks rated on a qualitative scale (H / M / L) beside risks scored likelihood x impact: each
shown as its register rates it, never converted, and ranked together by band
(escalation.rules: H with the high scores 8-12, M with moderate 4-6, L with low 1-3)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from core.roles import Role
from core.scoping import unscoped
from escalation import querysets, rules
from escalation.models import Risk
from escalation.rules import RiskGrade, RiskRating
from partners.models import Access
from tests import factories

# Rules -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grade", "score", "band"),
    [
        ("H", None, RiskRating.HIGH),
        ("M", None, RiskRating.MODERATE),
        ("L", None, RiskRating.LOW),
        ("", 16, RiskRating.EXTREME),
        ("", 12, RiskRating.HIGH),
        ("", 9, RiskRating.HIGH),
        ("", 4, RiskRating.MODERATE),
        ("", 2, RiskRating.LOW),
        ("", None, None),
    ],
)
def test_band_of_a_grade_is_itself_and_of_a_score_its_rating(grade, score, band):
    assert rules.risk_band(grade, score) == band


@pytest.mark.parametrize(
    ("grade", "score", "label"),
    [("H", None, "H"), ("M", None, "M"), ("", 9, "High (9)"), ("", 16, "Extreme (16)")],
)
def test_each_shown_as_its_source_rates_it(grade, score, label):
    # M is "M", not "9 High"; H is "H", not "16 Extreme".
    assert rules.rating_label(grade, score) == label
    assert rules.rating_label("", None) == "Not rated"


def test_ranking_puts_h_beside_high_scores_without_converting():
    risks = [
        ("a-low-score", "", 2),
        ("b-graded-m", "M", None),
        ("c-graded-h", "H", None),
        ("d-extreme", "", 20),
        ("e-high-12", "", 12),
        ("f-high-8", "", 8),
        ("g-unrated", "", None),
        ("h-graded-l", "L", None),
        ("i-moderate-6", "", 6),
    ]
    ranked = [r[0] for r in sorted(risks, key=lambda r: rules.rank_key(r[1], r[2], r[0]))]
    assert ranked == [
        "d-extreme",  # no grade says more than high
        "e-high-12",
        "f-high-8",
        "c-graded-h",  # the high band: scores first, by score, then the grade
        "i-moderate-6",
        "b-graded-m",
        "a-low-score",
        "h-graded-l",
        "g-unrated",
    ]


def test_grades_are_h_m_l():
    assert [g.value for g in RiskGrade] == ["H", "M", "L"]


# Model and database ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_risk_has_a_grade_or_a_score_never_both(system):
    risk = factories.RiskFactory.build(system=system, grade="H", likelihood=3, impact=3)
    with unscoped(), pytest.raises(ValidationError, match="not both"):
        risk.full_clean()
    graded = factories.RiskFactory(system=system, grade="H", likelihood=None, impact=None)
    assert (graded.score, graded.rating, graded.band) == (None, None, RiskRating.HIGH)


@pytest.fixture
def mixed(system, other_system):
    """A register rating H / M / L (as Norfolk and Waveney's) and one scoring 1 to 5."""
    made = {}
    for reference, grade in (("Q-H", "H"), ("Q-M", "M"), ("Q-L", "L")):
        made[reference] = factories.RiskFactory(
            system=system, reference=reference, grade=grade, likelihood=None, impact=None
        )
    for reference, likelihood, impact in (("S-20", 4, 5), ("S-9", 3, 3), ("S-4", 2, 2)):
        made[reference] = factories.RiskFactory(
            system=other_system, reference=reference, likelihood=likelihood, impact=impact
        )
    made["NONE"] = factories.RiskFactory(
        system=other_system, reference="NONE", likelihood=None, impact=None
    )
    return made


EXPECTED = ["S-20", "S-9", "Q-H", "S-4", "Q-M", "Q-L", "NONE"]


@pytest.mark.django_db
def test_sql_rank_agrees_with_the_rules(mixed):
    with unscoped():
        ordered = list(querysets.with_ranks(Risk.objects.all()).order_by("-rank_sort", "reference"))
        in_python = sorted(Risk.objects.all(), key=lambda r: r.rank_key)
    references = [r.reference for r in ordered if r.reference != "NONE"]
    assert references == EXPECTED[:-1]
    assert [r.reference for r in in_python] == EXPECTED


@pytest.mark.django_db
def test_api_ranks_across_registers_by_band(client, mixed):
    user = get_user_model().objects.create_user(username="both", password="password")
    for system in {r.system for r in mixed.values()}:
        Access.objects.create(user=user, system=system, role=Role.REGULATOR)
    token = factories.api_token(user)
    response = client.get(
        "/api/v1/risks/", {"ordering": "-band"}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    rows = response.json()["results"]
    assert [r["reference"] for r in rows] == EXPECTED
    by_reference = {r["reference"]: r for r in rows}
    assert by_reference["Q-H"]["grade"] == "H"
    assert by_reference["Q-H"]["score"] is None
    assert by_reference["Q-H"]["likelihood"] is None
    assert by_reference["Q-H"]["band"] == "high"
    assert by_reference["Q-H"]["rating_label"] == "H"
    assert by_reference["S-9"]["rating_label"] == "High (9)"
    assert by_reference["NONE"]["band"] is None


@pytest.mark.django_db
def test_register_page_sorts_by_band_and_keeps_h_m_l_off_the_heat_map(client, office, system):
    factories.RiskFactory(system=system, reference="R1", grade="M", likelihood=None, impact=None)
    factories.RiskFactory(system=system, reference="R2", grade="H", likelihood=None, impact=None)
    factories.RiskFactory(system=system, reference="R3", likelihood=4, impact=4)
    factories.RiskFactory(system=system, reference="R4", likelihood=2, impact=3)
    client.force_login(office)
    response = client.get(f"/s/{system.slug}/risks/", {"order": "-band"})
    assert [risk.reference for risk, _ in response.context["rows"]] == ["R3", "R2", "R4", "R1"]
    heat_map = response.context["heat_map"]
    assert heat_map.graded == [("H", 1), ("M", 1)]
    assert heat_map.unscored == 0
    assert sum(cell["count"] for row in heat_map.rows for cell in row["cells"]) == 2
    page = response.content.decode()
    assert ">H</strong>" in page and ">M</strong>" in page
    graded = client.get(f"/s/{system.slug}/risks/", {"grade": "H"})
    assert [risk.reference for risk, _ in graded.context["rows"]] == ["R2"]
