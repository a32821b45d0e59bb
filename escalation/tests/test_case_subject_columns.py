"""A case's subject_label from the columns ``CASE_SUBJECT_LABEL`` names (the dashboard reads
only those): the same words, and no query for a deferred column, whatever the subject."""

from datetime import timedelta

import pytest

from escalation import services
from escalation.models import EscalationCase
from escalation.querysets import CASE_SUBJECT, CASE_SUBJECT_LABEL
from escalation.tests.page_helpers import TODAY
from tests import factories
from tests import record_factories as rf

pytestmark = pytest.mark.django_db


def test_subject_label_reads_only_the_columns_named(
    route, office, system, risk, django_assert_num_queries
):
    milestone = factories.MilestoneFactory(
        workstream=factories.WorkstreamFactory(plan=factories.PlanFactory(system=system))
    )
    commitment = rf.CommitmentFactory(agreement=factories.AgreementFactory(system=system))
    subjects = [
        {"milestone": milestone},
        {"commitment": commitment},
        {"risk": risk},
        {"subject_text": "Implementation plan"},
    ]
    for subject in subjects:
        services.case_raise(
            actor=office,
            route=route,
            reason="Late",
            raised_on=TODAY - timedelta(days=1),
            **subject,
        )
    expected = {case.pk: case.subject_label for case in EscalationCase.objects.all()}
    cases = list(EscalationCase.objects.select_related(*CASE_SUBJECT).only(*CASE_SUBJECT_LABEL))
    with django_assert_num_queries(0):
        assert {case.pk: case.subject_label for case in cases} == expected
    assert len(set(expected.values())) == 4
