"""The monthly report end to end with a real Celery worker on the real Redis: the programme
office asks for a draft, the worker builds it, the chair publishes, the PDF downloads with the
hash the API lists; and a worker killed mid-build loses nothing and half-writes nothing."""

import hashlib
from datetime import date

import psycopg2
import pytest
from django.db import connection
from django.urls import reverse

from core.roles import Role
from core.scoping import unscoped
from partners.models import Access
from reports.models import MonthlyReport, ReportStatus
from reports.storage import pdf_bytes
from tests import factories
from tests.pdf_reading import pdf_text, squeezed
from tests.worker import Worker, require_services, share_storage, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(transactional_db, tmp_path, settings):
    require_services()
    from config.celery import app

    app.conf.task_always_eager = False
    app.control.purge()
    running = Worker(tmp_path / "worker.log", env=share_storage(settings, tmp_path / "media"))
    try:
        running.start()
        yield running
    finally:
        running.stop()
        app.conf.task_always_eager = True


@pytest.fixture
def scene():
    """A system with key milestones, its programme office, chair and regulator."""
    system = factories.SystemFactory(slug="north", name="North STP", short_name="North")
    plan = factories.PlanFactory(system=system)
    workstream = factories.WorkstreamFactory(plan=plan, name="Acute services", code="A")
    for number, (baseline, forecast) in enumerate(
        [(date(2019, 9, 30), date(2019, 12, 31)), (date(2020, 3, 31), None)], start=1
    ):
        factories.MilestoneFactory(
            workstream=workstream,
            title=f"Key milestone {number}",
            baseline_on=baseline,
            forecast_on=forecast,
            is_key=True,
        )
    users = {
        role: factories.UserFactory(username=role.replace("_", "."), first_name="Pat")
        for role in (Role.PROGRAMME_OFFICE, Role.CHAIR, Role.REGULATOR)
    }
    for role, user in users.items():
        Access.objects.create(user=user, system=system, role=role)
    return system, users


def report_of(system) -> MonthlyReport:
    with unscoped():
        (report,) = MonthlyReport.objects.filter(system=system)
        return report


def status_is(system, *statuses):
    def check():
        report = report_of(system)
        return report if report.status in statuses else None

    return check


def test_draft_built_by_the_worker_is_published_and_downloaded(worker, scene, client):
    system, users = scene
    client.force_login(users[Role.PROGRAMME_OFFICE])
    response = client.post(reverse("reports:report-list", args=[system.slug]), {"month": "2019-11"})
    assert response.status_code == 302

    draft = wait_for(
        status_is(system, ReportStatus.DRAFT, ReportStatus.FAILED),
        timeout=120,
        what=f"the draft (worker log: {worker.output()})",
    )
    assert draft.status == ReportStatus.DRAFT, draft.error
    assert draft.attempts == 1
    assert "DRAFT" in squeezed(pdf_text(pdf_bytes(draft)))

    client.force_login(users[Role.CHAIR])
    detail = reverse("reports:report-detail", args=[system.slug, draft.pk])
    response = client.post(
        detail,
        {
            "commentary": "Acute services remain a quarter behind plan.",
            "issues": "Workforce gaps in stroke care",
            "publish": "1",
        },
    )
    assert response.url == reverse("reports:report-publish", args=[system.slug, draft.pk])
    response = client.post(response.url)
    assert response.status_code == 302
    published = wait_for(
        status_is(system, ReportStatus.PUBLISHED), timeout=120, what="the publication"
    )

    response = client.get(reverse("reports:report-pdf", args=[system.slug, published.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = response.getvalue()  # streamed: read once
    assert hashlib.sha256(data).hexdigest() == published.sha256
    text = pdf_text(data)
    assert "Acute services remain a quarter behind plan." in text
    assert "Workforce gaps in stroke care" in text
    assert "Key milestone 1" in text
    assert "DRAFT" not in squeezed(text)

    # The regulator's script reads the same report, and the same bytes, through the API.
    token = factories.api_token(users[Role.REGULATOR])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    listed = client.get("/api/v1/reports/", **auth).json()["results"]
    assert [(r["id"], r["sha256"]) for r in listed] == [(published.pk, published.sha256)]
    served = client.get(listed[0]["pdf"], **auth)
    assert hashlib.sha256(served.getvalue()).hexdigest() == published.sha256


def test_a_worker_killed_mid_build_leaves_nothing_half_written_and_the_build_resumes(worker, scene):
    """``acks_late`` with ``task_reject_on_worker_lost``: the killed child's message goes back
    on the queue, and the same message (it still owns the build) finishes it."""
    from reports import services

    system, users = scene
    db = connection.settings_dict
    blocker = psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432
    )
    try:
        # Hold the worker inside the build: the snapshot cannot read milestones until released.
        with blocker.cursor() as cursor:
            cursor.execute("LOCK TABLE milestones_milestone IN ACCESS EXCLUSIVE MODE")
        with unscoped():
            report = services.report_request(
                system=system, month=date(2019, 11, 1), actor=users[Role.PROGRAMME_OFFICE]
            )
        building = wait_for(
            status_is(system, ReportStatus.GENERATING), timeout=60, what="the build to start"
        )
        first_child = worker.kill_child()

        # Killed mid-render: the report holds no snapshot, no PDF and no hash.
        half = report_of(system)
        assert half.status == ReportStatus.GENERATING
        assert (half.snapshot, half.pdf.name, half.sha256) == (None, "", "")
    finally:
        blocker.rollback()
        blocker.close()

    wait_for(
        lambda: worker.children() and worker.children() != [first_child],
        timeout=60,
        what="a new pool child",
    )
    done = wait_for(
        status_is(system, ReportStatus.DRAFT, ReportStatus.FAILED),
        timeout=120,
        what=f"the redelivered build (worker log: {worker.output()})",
    )
    assert done.status == ReportStatus.DRAFT, done.error
    assert done.task_id == report.task_id == building.task_id  # the same message, redelivered
    assert done.attempts == 2
    assert hashlib.sha256(pdf_bytes(done)).hexdigest() == done.sha256
    with unscoped():
        assert MonthlyReport.objects.filter(system=system).count() == 1
