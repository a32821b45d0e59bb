"""The milestones a dependency may name: each by its id, labelled with its workstream's code (its
name if it has none) and its title, the same whether read as rows or from a milestone."""

from datetime import timedelta

import pytest

from milestones import services
from milestones.forms import DependencyForm, dependency_choices
from milestones.models import Milestone
from milestones.tests.api_helpers import TODAY
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_dependency_is_chosen_by_id_and_labelled_by_workstream_and_title(
    plan, workstream, milestone, office, in_scope
):
    uncoded = factories.WorkstreamFactory(plan=plan, code="", name="Digital <care> & records")
    other = services.milestone_create(
        actor=office, workstream=uncoded, title="EPR live", baseline_on=TODAY + timedelta(days=9)
    )
    milestones = Milestone.objects.filter(pk__in=[milestone.pk, other.pk]).order_by("pk")
    form = DependencyForm(querysets={"depends_on": milestones})
    field = form.fields["depends_on"]
    assert list(field.choices) == [
        ("", "Choose a milestone"),
        (milestone.pk, f"C: {milestone.title}"),
        (other.pk, "Digital <care> & records: EPR live"),
    ]
    assert [field.label_from_instance(m) for m in milestones] == [
        label for _, label in list(field.choices)[1:]
    ]
    assert dependency_choices([(7, None, "Finance", "Budget agreed")]) == [
        (7, "Finance: Budget agreed")
    ]
    html = str(form["depends_on"])
    assert "Digital &lt;care&gt; &amp; records: EPR live</option>" in html
