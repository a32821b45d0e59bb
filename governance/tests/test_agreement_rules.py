from datetime import date

from governance.rules import (
    AgreementStatus,
    agreement_status_on,
    is_delegated_on,
    withdrawal_effective_on,
)


def test_cumbria_withdrawal_takes_effect_after_thirty_calendar_days():
    # 001: a party may withdraw on 30 days' written notice.
    assert withdrawal_effective_on(date(2017, 6, 1), 30) == date(2017, 7, 1)
    assert withdrawal_effective_on(date(2018, 2, 15), 30) == date(2018, 3, 17)


def test_no_notice_no_withdrawal():
    assert withdrawal_effective_on(None, 30) is None


def test_cambs_and_peterborough_mou_expires_after_31_march_2021():
    # 004: the MoU expires on 31 March 2021.
    expires = date(2021, 3, 31)
    assert agreement_status_on("in_effect", expires, date(2021, 3, 31)) == "in_effect"
    assert agreement_status_on("in_effect", expires, date(2021, 4, 1)) == AgreementStatus.EXPIRED


def test_terminated_agreement_stays_terminated_after_expiry():
    assert agreement_status_on("terminated", date(2021, 3, 31), date(2022, 1, 1)) == "terminated"


def test_nothing_is_delegated_until_it_is_delegated():
    assert not is_delegated_on("proposed", None, None, date(2018, 3, 1))
    assert not is_delegated_on("in_effect", date(2018, 4, 1), None, date(2018, 3, 31))
    assert is_delegated_on("in_effect", date(2018, 4, 1), None, date(2018, 4, 1))
    assert not is_delegated_on("revoked", date(2018, 4, 1), date(2019, 4, 1), date(2019, 4, 1))
