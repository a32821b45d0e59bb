"""The quorum rule on its own, with the seed's rules (001, Cumbria, 2017 terms of reference)."""

import pytest

from governance.rules import Presence, QuorumRule, Shortfall, assess_quorum

# Integrated Commissioning Group: at least two representatives of each of the County Council and
# the CCG, and at least one of NHS England.
ICG = QuorumRule(per_organisation={"CCC": 2, "CCG": 2, "NHSE": 1}, deputies="count")
# Provider Alliance Group: each of CCC, CPFT and NCUH present; deputies allowed.
PAG = QuorumRule(per_organisation={"CCC": 1, "CPFT": 1, "NCUH": 1}, deputies="count")


def present(*organisations, deputy=False):
    return [Presence(o, is_deputy=deputy) for o in organisations]


def test_icg_quorate_with_two_council_two_ccg_one_nhse():
    outcome = assess_quorum(ICG, present("CCC", "CCC", "CCG", "CCG", "NHSE"))
    assert outcome.quorate is True
    assert outcome.counted == 5
    assert outcome.shortfalls == ()


def test_icg_not_quorate_with_one_council_representative():
    outcome = assess_quorum(ICG, present("CCC", "CCG", "CCG", "NHSE", "CPFT"))
    assert outcome.quorate is False
    assert outcome.shortfalls == (Shortfall("CCC", 2, 1),)


def test_icg_not_quorate_without_nhs_england():
    outcome = assess_quorum(ICG, present("CCC", "CCC", "CCG", "CCG", "CCG"))
    assert outcome.quorate is False
    assert outcome.shortfalls == (Shortfall("NHSE", 1, 0),)


def test_pag_quorate_with_each_of_ccc_cpft_ncuh():
    assert assess_quorum(PAG, present("CCC", "CPFT", "NCUH")).quorate is True


@pytest.mark.parametrize("missing", ["CCC", "CPFT", "NCUH"])
def test_pag_not_quorate_when_any_one_is_missing(missing):
    here = [o for o in ("CCC", "CPFT", "NCUH") if o != missing] + ["NHSE", "CCG"]
    outcome = assess_quorum(PAG, present(*here))
    assert outcome.quorate is False
    assert [s.organisation for s in outcome.shortfalls] == [missing]


def test_deputy_counts_where_the_rule_allows():
    outcome = assess_quorum(PAG, present("CCC", "CPFT") + present("NCUH", deputy=True))
    assert outcome.quorate is True


def test_deputy_does_not_count_where_the_rule_forbids():
    rule = QuorumRule(per_organisation={"CCC": 1, "CPFT": 1, "NCUH": 1}, deputies="not_counted")
    outcome = assess_quorum(rule, present("CCC", "CPFT") + present("NCUH", deputy=True))
    assert outcome.quorate is False
    assert outcome.deputies_excluded == 1
    assert outcome.shortfalls == (Shortfall("NCUH", 1, 0),)


def test_minimum_total_is_enforced():
    rule = QuorumRule(minimum_total=4)
    assert assess_quorum(rule, present("A", "B", "C")).shortfalls == (Shortfall(None, 4, 3),)
    assert assess_quorum(rule, present("A", "B", "C", "D")).quorate is True


def test_nobody_present_is_never_quorate_even_without_a_minimum():
    assert assess_quorum(QuorumRule(), []).quorate is False


def test_no_terms_in_force_gives_no_verdict():
    assert assess_quorum(None, present("CCC")).quorate is None


def test_two_deputies_not_counted_are_written_as_deputies():
    rule = QuorumRule(per_organisation={"CCC": 1}, deputies="not_counted")
    outcome = assess_quorum(rule, present("CCC") + present("NCUH", "CPFT", deputy=True))
    assert outcome.notes == ("2 deputies not counted: these terms do not count deputies.",)
