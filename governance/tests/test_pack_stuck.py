"""A pack build whose worker died stays queued or building: past ``PACK_STUCK_AFTER_MINUTES``
the programme office may build the pack again, which records the stuck build as failed. Before
then a second request is refused, and a late message or worker of the stuck build changes
nothing (the build task stays idempotent)."""

import datetime
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from governance import packs, services_packs
from governance.models import Pack
from tests import factories as f
from tests import meeting_factories as mf

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(system, office, in_scope, monkeypatch):
    monkeypatch.setattr(packs, "build_pdf", lambda pack: (mf.PDF_BYTES, 1))
    meeting = f.MeetingFactory(committee__system=system, held_on=datetime.date(2018, 3, 1))
    mf.PaperFactory(item__meeting=meeting, uploaded_by=office)
    return meeting


def _build_url(system, meeting):
    return reverse("governance:pack-build", args=[system.slug, meeting.pk])


def _page(client, system, meeting) -> str:
    url = reverse("governance:meeting-detail", args=[system.slug, meeting.pk])
    return client.get(url).content.decode()


def _age(minutes: int) -> None:
    """Every pack as if requested ``minutes`` ago (and its worker gone since)."""
    Pack.objects.update(requested_at=timezone.now() - timedelta(minutes=minutes))


def test_a_second_build_is_refused_while_one_is_under_way(client, office, system, meeting):
    client.force_login(office)
    client.post(_build_url(system, meeting))  # queued; no worker picks it up in this test
    assert "being built" in _page(client, system, meeting)
    assert "Build the pack" not in _page(client, system, meeting)
    response = client.post(_build_url(system, meeting), follow=True)
    assert "already being built" in response.content.decode()
    assert Pack.objects.count() == 2
    _age(14)
    with pytest.raises(ValidationError):
        services_packs.pack_request(actor=office, meeting=meeting)


def test_a_build_stuck_past_the_limit_can_be_built_again(
    client, office, system, meeting, django_capture_on_commit_callbacks
):
    client.force_login(office)
    client.post(_build_url(system, meeting))
    stuck = list(Pack.objects.all())
    _age(15)
    html = _page(client, system, meeting)
    assert "has not finished after 15 minutes" in html and ">Not finished<" in html
    assert "Build the pack again" in html
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_build_url(system, meeting)).status_code == 302
    for pack in stuck:
        pack.refresh_from_db()
        assert pack.status == "failed" and "had not finished after 15 minutes" in pack.failure
        assert pack.history.first().history_change_reason.startswith("Build abandoned")
    rebuilt = Pack.objects.filter(version=2)
    assert sorted(p.status for p in rebuilt) == ["ready", "ready"]
    # The stuck build's message, delivered again at last, changes nothing.
    for pack in stuck:
        assert services_packs.pack_build(pack.pk, task_id=pack.task_id) is None
        pack.refresh_from_db()
        assert pack.status == "failed" and not pack.pdf


def test_the_limit_is_a_setting(office, meeting, settings):
    settings.PACK_STUCK_AFTER_MINUTES = 5
    services_packs.pack_request(actor=office, meeting=meeting)
    _age(5)
    assert len(services_packs.pack_request(actor=office, meeting=meeting)) == 2


def test_a_worker_that_finishes_after_the_rebuild_does_not_overwrite_it(
    office, meeting, monkeypatch
):
    public, _ = services_packs.pack_request(actor=office, meeting=meeting)
    rebuilt = []

    def slow_build(pack):
        # Meanwhile, 16 minutes on, the office builds the pack again.
        later = timezone.now() + timedelta(minutes=16)
        rebuilt.extend(services_packs.pack_request(actor=office, meeting=meeting, now=later))
        return mf.PDF_BYTES, 1

    monkeypatch.setattr(packs, "build_pdf", slow_build)
    assert services_packs.pack_build(public.pk, task_id=public.task_id) is None
    public.refresh_from_db()
    assert public.status == "failed" and not public.pdf
    monkeypatch.setattr(packs, "build_pdf", lambda pack: (mf.PDF_BYTES, 1))
    again = services_packs.pack_build(rebuilt[0].pk, task_id=rebuilt[0].task_id)
    assert again.status == "ready" and again.version == 2
