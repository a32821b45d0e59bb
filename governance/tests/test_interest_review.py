"""An interest's review is due when it was not reviewed (or declared) in the twelve months to
the page's reporting date; the filter and the rule agree."""

from datetime import date

import pytest

from governance.models import Interest
from governance.querysets import interests_review_due
from governance.rules import interest_review_due
from tests.meeting_factories import InterestFactory

pytestmark = pytest.mark.django_db
AS_AT = date(2019, 6, 3)


@pytest.mark.parametrize(
    ("declared_on", "reviewed_on", "withdrawn_on", "due"),
    [
        (date(2018, 6, 4), None, None, False),  # declared within the year
        (date(2018, 6, 3), None, None, True),  # a full year ago: due today
        (date(2017, 1, 1), date(2018, 12, 1), None, False),  # reviewed within the year
        (date(2017, 1, 1), date(2018, 5, 1), None, True),
        (date(2017, 1, 1), None, date(2019, 1, 1), False),  # withdrawn: nothing to review
    ],
)
def test_review_due_as_at_a_date(declared_on, reviewed_on, withdrawn_on, due, system, in_scope):
    assert interest_review_due(declared_on, reviewed_on, withdrawn_on, AS_AT) is due
    interest = InterestFactory(
        person__system=system,
        declared_on=declared_on,
        reviewed_on=reviewed_on,
        withdrawn_on=withdrawn_on,
        withdrawn_reason="No longer held" if withdrawn_on else "",
    )
    filtered = interests_review_due(Interest.objects.filter(pk=interest.pk), AS_AT)
    assert filtered.exists() is due


def test_a_leap_day_is_a_year_after_28_february():
    assert interest_review_due(date(2019, 2, 28), None, None, date(2020, 2, 29))
    assert not interest_review_due(date(2019, 3, 1), None, None, date(2020, 2, 29))
