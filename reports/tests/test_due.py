"""The chair's drafts and the regulators' published reports (core.due kinds, reports/due.py)."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from core import due
from core.roles import Role
from tests.record_factories import AccessFactory, MonthlyReportFactory

pytestmark = pytest.mark.django_db

AS_AT = date(2019, 7, 10)


def _at(day: date):
    return timezone.make_aware(datetime(day.year, day.month, day.day, 9))


def test_a_draft_waits_for_the_chair_until_the_end_of_the_next_month(system, chair, regulator):
    draft = MonthlyReportFactory(system=system, month=date(2019, 6, 1), generated_at=_at(AS_AT))
    MonthlyReportFactory(  # built after the date asked about
        system=system, month=date(2019, 5, 1), generated_at=_at(date(2019, 7, 21))
    )
    MonthlyReportFactory(system=system, month=date(2019, 4, 1), status="queued")

    found = due.due_as_at(date(2019, 7, 20), system_ids=[system.pk], only=["report_draft"])

    assert [(item.key, item.due_on, item.user_ids) for item in found] == [
        (f"reports.monthlyreport:{draft.pk}", date(2019, 7, 31), {chair.pk})
    ]
    assert found[0].url == f"/s/{system.slug}/reports/{draft.pk}/"


def test_a_published_report_is_for_the_regulators_of_its_system_for_fourteen_days(
    system, chair, regulator, other_system
):
    AccessFactory(system=other_system, role=Role.REGULATOR)
    recent = MonthlyReportFactory(
        system=system, month=date(2019, 6, 1), status="published", published_at=_at(AS_AT)
    )
    MonthlyReportFactory(
        system=system,
        month=date(2019, 5, 1),
        status="published",
        published_at=_at(date(2019, 6, 25)),
    )

    found = due.due_as_at(AS_AT, system_ids=[system.pk], only=["report_published"])

    assert [(item.key, item.due_on, item.user_ids) for item in found] == [
        (f"reports.monthlyreport:{recent.pk}", AS_AT, {regulator.pk})
    ]


@pytest.mark.parametrize("kind", ["report_draft", "report_published"])
def test_a_fixed_number_of_queries_however_many_reports(system, kind, django_assert_num_queries):
    AccessFactory(system=system, role=Role.CHAIR)
    for month in range(1, 6):
        MonthlyReportFactory(
            system=system,
            month=date(2019, month, 1),
            status="published" if kind == "report_published" else "draft",
            generated_at=_at(date(2019, 7, 1)),
            published_at=_at(date(2019, 7, 1)),
        )

    # 1. the chairs or regulators of the system, 2. the reports with their system
    with django_assert_num_queries(2):
        found = due.due_as_at(AS_AT, system_ids=[system.pk], only=[kind])
    assert len(found) == 5
