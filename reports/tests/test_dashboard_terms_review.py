"""The dashboard's "Terms of reference due for review" lists only terms in force, of committees
still sitting, as the programme office's reminders do: a version replaced by a later one, or the
terms of a committee that stood down (kept, labelled), have nothing left to review."""

from datetime import date, timedelta

import pytest

from core.scoping import scope
from governance import services
from reports import dashboard
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = date.today()


def test_terms_due_for_review_are_those_in_force_of_committees_sitting(office, system):
    with scope([system]):
        board = factories.CommitteeFactory(system=system, name="Partnership Board")
        services.terms_create(
            actor=office,
            committee=board,
            version="1.0",
            effective_from=date(2017, 1, 1),
            review_on=date(2018, 1, 1),
        )
        in_force = services.terms_create(
            actor=office,
            committee=board,
            version="2.0",
            effective_from=date(2018, 2, 1),
            review_on=TODAY + timedelta(days=20),
        )
        gone = factories.CommitteeFactory(system=system, name="Shadow Board")
        services.terms_create(
            actor=office,
            committee=gone,
            version="1.0",
            effective_from=date(2017, 1, 1),
            review_on=date(2018, 1, 1),
        )
        services.committee_stand_down(
            actor=office, committee=gone, stood_down_on=date(2018, 3, 1), reason="Merged"
        )
        data = dashboard.build(office, system, TODAY)
    assert [terms.pk for terms in data.terms_due] == [in_force.pk]
