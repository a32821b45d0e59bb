"""Data for the ordering tests: the demo data, with rows added where the seeds have few or
none, and a sorted column given nulls and ties. Test data, not anyone's change: no history."""

import datetime
import hashlib
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from escalation.models import EscalationCase, EscalationRoute
from finance.models import CostShare, EfficiencyPlan, MonthlyPosition
from governance.models import AgendaItem, Declaration, Interest, Minutes, Paper
from milestones.models import Milestone, ProgressUpdate
from partners.models import Person
from reports.models import MonthlyReport, ReportStatus

ROWS = 9  # enough for a third null, a third tied and a third apart


def seed_rows():
    """One row of each kind the seeds have none of, for the copies to start from."""
    user = get_user_model().objects.get(username="regulator")
    milestone = Milestone._base_manager.select_related("workstream__plan__system").first()
    system = milestone.workstream.plan.system
    route = EscalationRoute._base_manager.filter(steps__isnull=False).first()
    plan = EfficiencyPlan._base_manager.first()
    month = datetime.date(2019, 10, 1)
    ProgressUpdate._base_manager.create(
        milestone=milestone, month=month, narrative="On track", rag="green",
        reported_by=user, reported_at=timezone.now(),
    )  # fmt: skip
    EscalationCase._base_manager.create(
        route=route, current_step=route.steps.first(), step_since=month, subject_kind="other",
        raised_by=user, raised_on=month, reason="Late",
    )  # fmt: skip
    MonthlyPosition._base_manager.create(
        system_id=plan.system_id, organisation_id=plan.organisation_id, year_id=plan.year_id,
        month=month, ytd_plan=Decimal(1), ytd_actual=Decimal(2), forecast_outturn=Decimal(3),
    )  # fmt: skip
    CostShare._base_manager.create(system=system, name="Shared posts", year_id=plan.year_id)
    pdf = b"%PDF-1.4 test"
    MonthlyReport._base_manager.create(
        system=system, month=month, version=1, status=ReportStatus.PUBLISHED, snapshot={},
        pdf=ContentFile(pdf, name="report.pdf"),
        sha256=hashlib.sha256(pdf).hexdigest(), requested_at=timezone.now(),
        published_at=timezone.now(),
    )  # fmt: skip
    _meeting_rows(user)


def _meeting_rows(user) -> None:
    """Minutes, a paper, an interest and a declaration on the seeds' first public agenda item."""
    item = AgendaItem._base_manager.select_related("meeting").filter(confidential=False).first()
    person = item.meeting.committee.memberships.first().person
    Minutes._base_manager.create(meeting=item.meeting)
    paper = b"%PDF-1.4 paper"
    digest = hashlib.sha256(paper).hexdigest()
    Paper._base_manager.create(
        item=item, title="Paper", file=ContentFile(paper, name=f"{digest}.pdf"),
        filename="paper.pdf", content_type="application/pdf", size=len(paper), sha256=digest,
        uploaded_at=timezone.now(), uploaded_by=user,
    )  # fmt: skip
    interest = Interest._base_manager.create(
        person=person, kind="professional", organisation_name="A partner", description="Adviser",
        declared_on=datetime.date(2018, 1, 15),
    )  # fmt: skip
    # One declaration per person on an item: as many people as rows.
    people = Person._base_manager.filter(system_id=item.meeting.committee.system_id)
    Declaration._base_manager.bulk_create(
        Declaration(item=item, person=other, interest=interest if other == person else None,
                    description="Adviser")
        for other in people.order_by("pk")[:ROWS]
    )  # fmt: skip


def _unique_fields(model) -> set[str]:
    names = {f.name for f in model._meta.fields if f.unique and not f.primary_key}
    for constraint in model._meta.constraints:
        names.update(getattr(constraint, "fields", ()) or ())
    return names


def _varied(field: models.Field, value, i: int):
    """A value of a unique column changed for the i-th copy (dates move back i years, so a
    month's first day stays one)."""
    if isinstance(field, models.ForeignKey) or value is None:
        return value
    if isinstance(field, models.CharField):
        return f"{value[: field.max_length - 4]} ~{i}"
    if isinstance(field, models.IntegerField):
        return value + 1000 * i
    if isinstance(field, models.DateField | models.DateTimeField):
        return value.replace(year=value.year - i)
    return value


def copy_rows(model, count: int) -> None:
    """Copies of the model's first row (their unique columns varied) until it has ``count``."""
    rows = list(model._base_manager.order_by("pk"))
    unique = _unique_fields(model)
    for i in range(1, count + 1):
        if len(rows) >= count:
            return
        copy = model._base_manager.get(pk=rows[0].pk)
        copy.pk = copy.id = None
        for field in model._meta.fields:
            if isinstance(field, models.OneToOneField):
                setattr(copy, field.attname, None)
            elif field.name in unique:
                setattr(copy, field.attname, _varied(field, getattr(copy, field.attname), i))
        try:
            with transaction.atomic():
                model._base_manager.bulk_create([copy])
        except IntegrityError:
            continue
        rows.append(copy)


def nulls_and_ties(model, column: str) -> None:
    """A third of the rows with no value in ``column`` (where it may be null), a third with
    one value: each changed alone, so a unique column keeps the ties it may have."""
    try:
        field = model._meta.get_field(column)
    except Exception:
        return
    ids = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
    tied = model._base_manager.get(pk=ids[1]).__dict__[field.attname] if len(ids) > 1 else None
    for n, pk in enumerate(ids):
        value = None if n % 3 == 0 and field.null else tied if n % 3 == 1 else ...
        if value is ...:
            continue
        try:
            with transaction.atomic():
                model._base_manager.filter(pk=pk).update(**{field.attname: value})
        except IntegrityError:
            pass
