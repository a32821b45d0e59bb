"""Erasing a demo person: the governance record stays as it was, and their name is nowhere the
product shows or keeps afterwards: no page, download, API answer or history row.

The person is the demo's most recorded named person (memberships and attendance), given an
account so that the account's trail (sign-ins, changes made, reminders) is erased too.
"""

import io
import zipfile
from datetime import date

import pytest
from axes.models import AccessLog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Count
from django.db.models.functions import Cast
from django.utils import timezone

from config.api import router
from core.audit import save_tracked
from core.roles import Role
from governance.models import Attendance, Decision, Meeting
from governance.querysets import meeting_quorum
from partners.models import Access, Person
from partners.privacy import person_erase
from tests import meeting_factories as mf
from tests import record_factories as rf
from tests.crawl import crawl

LATER = date(2100, 1, 1)


def _quorum(meeting: Meeting) -> tuple:
    outcome = meeting_quorum(meeting, today=LATER)
    return (
        outcome.quorate,
        outcome.counted,
        outcome.deputies_excluded,
        len(outcome.shortfalls),
        tuple(check.met for check in outcome.checks),
    )


def _governance_record() -> dict:
    meetings = Meeting.objects.select_related("committee").prefetch_related(
        "committee__terms", "committee__memberships", "attendances"
    )
    return {
        "quorum": {m.pk: _quorum(m) for m in meetings},
        "decisions": list(Decision.objects.order_by("pk").values()),
        "attendance": dict(
            Attendance.objects.values_list("meeting_id").annotate(n=Count("pk")).order_by()
        ),
    }


def _rows_naming(term: str) -> list[str]:
    """Every table (history included) with a text, e-mail or JSON column that holds ``term``."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, (models.CharField, models.TextField, models.JSONField)):
                continue
            hits = (
                model._base_manager.annotate(_t=Cast(field.attname, models.TextField()))
                .filter(_t__icontains=term)
                .count()
            )
            if hits:
                found.append(f"{model._meta.label}.{field.name}: {hits}")
    return found


class Watching:
    """A test client whose every answer (pages, their CSV download, the API) is searched."""

    def __init__(self, client, term: str, pseudonym: str = ""):
        self.client, self.term, self.seen, self.hits = client, term.lower(), 0, []
        self.pseudonym, self.showing_pseudonym = pseudonym, 0

    def _body(self, response) -> str:
        if response.streaming:
            return b"".join(response.streaming_content).decode("utf-8", "replace")
        if response.get("Content-Type", "").startswith("application/vnd.openxml"):
            archive = zipfile.ZipFile(io.BytesIO(response.content))
            return " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
        return response.content.decode("utf-8", "replace")

    def get(self, path, *args, **kwargs):
        response = self.client.get(path, *args, **kwargs)
        body = self._body(response)
        self.seen += 1
        if self.term in body.lower():
            self.hits.append(path)
        self.showing_pseudonym += bool(self.pseudonym and self.pseudonym in body)
        if response.status_code == 200 and "format=csv" in body and "format=" not in path:
            self.get(path + ("&" if "?" in path else "?") + "format=csv")
        return response


@pytest.fixture
def erased(seeds, django_user_model):
    person = (
        Person.objects.exclude(name="")
        .annotate(n=Count("attendances", distinct=True) + Count("memberships", distinct=True))
        .order_by("-n", "pk")
        .first()
    )
    user = django_user_model.objects.create_user(
        username="member.erased", email=person.email or "member@example.nhs.uk", password="x"
    )
    user.first_name, user.last_name = person.name.split(" ", 1)[0], person.name.split(" ")[-1]
    user.save()
    Access.objects.create(user=user, system=person.system, role=Role.CHAIR)
    person.user = user
    person.save()
    operator = django_user_model.objects.create_superuser("operator", password="x")
    # Free text that names them, as people write it: the register, an import, a history reason.
    interest = mf.InterestFactory(person=person, description=f"Trustee, declared by {person.name}")
    save_tracked(interest, actor=operator, reason=f"Corrected at {person.name}'s request")
    rf.ImportBatchFactory(
        system=person.system, kind="people", rows=[{"row": 2, "values": {"name": person.name}}]
    )
    AccessLog.objects.create(
        username=user.username, ip_address="127.0.0.1", attempt_time=timezone.now()
    )
    before = _governance_record()
    assert len(_rows_naming(person.name)) > 3  # the search finds them before
    done = person_erase(actor=operator, person=person, reason="SAR-7 erasure", every_system=True)
    return person, done, before


def test_erasure_keeps_the_record_and_no_table_keeps_their_name(erased):
    person, done, before = erased
    assert _governance_record() == before
    assert _rows_naming(person.name) == []
    assert _rows_naming("member.erased") == []
    assert _rows_naming(done.pseudonym) != []  # the pseudonym stands where the name was
    user = get_user_model().objects.get(people__pk=person.pk)
    assert (user.is_active, user.email, user.get_full_name()) == (False, "", done.pseudonym)


def test_no_page_download_or_api_answer_shows_their_name(erased, client, django_user_model):
    person, done, _ = erased
    office = django_user_model.objects.get(username="programme.office")
    client.force_login(office)
    watching = Watching(client, person.name, done.pseudonym)
    slug = Person.objects.get(pk=person.pk).system.slug
    crawl(watching, f"/s/{slug}/", prefix=f"/s/{slug}/", limit=250)
    watching.get(f"/s/{slug}/people/?format=xlsx")
    assert watching.seen > 50
    assert watching.hits == []
    assert watching.showing_pseudonym > 3  # their records are among the pages read
    client.logout()
    crawl(watching, f"/public/{slug}/", prefix="/public/", limit=100)
    assert watching.hits == []
    client.force_login(django_user_model.objects.get(username="regulator"))
    api = Watching(client, person.name)
    for prefix, _, _ in router.registry:
        url = f"/api/v1/{prefix}/?page_size=500"
        while url:
            answer = api.get(url)
            assert answer.status_code == 200, url
            url = answer.json().get("next") if isinstance(answer.json(), dict) else None
    api.get("/api/v1/changes/", {"since": "2000-01-01T00:00Z"})
    assert api.hits == []
    # Their own history page says who they are now, and that their identity was erased.
    client.force_login(office)
    page = client.get(f"/s/{slug}/people/{person.pk}/edit/").content.decode()
    assert done.pseudonym in page and "Identity erased" in page
