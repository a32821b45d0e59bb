"""A person's subject access file: what it holds, who may make it, and its record."""

import io
import json
import zipfile

import pytest
from openpyxl import load_workbook

from core.audit import save_tracked
from core.roles import Role
from partners.models import Access, PersonalDataRequest
from reminders.tests.factories import ReminderFactory
from tests import factories as f
from tests import meeting_factories as mf
from tests import record_factories as rf

pytestmark = pytest.mark.usefixtures("no_scope")


@pytest.fixture
def member(system, other_system, organisation, office):
    """Someone on a committee of each system (one account, one e-mail address), with their
    attendance, declaration, action, reminder and a change to their details."""
    user = f.UserFactory(username="dana", email="dana@example.nhs.uk")
    Access.objects.create(user=user, system=system, role=Role.CHAIR)
    person = f.PersonFactory(system=system, name="Dana Scully", email=user.email, user=user)
    meeting = f.MeetingFactory(committee=f.CommitteeFactory(system=system, name="Alpha Board"))
    f.MembershipFactory(committee=meeting.committee, person=person)
    f.AttendanceFactory(meeting=meeting, person=person)
    item = mf.AgendaItemFactory(meeting=meeting, title="Estates strategy")
    mf.DeclarationFactory(item=item, person=person, description="Owns land by the site")
    rf.ActionFactory(meeting=meeting, owner=person, description="Circulate the estates paper")
    ReminderFactory(system=system, user=user, title="Circulate the estates paper")
    person.title = "Medical Director"
    save_tracked(person, actor=office, reason="New post")
    elsewhere = f.PersonFactory(system=other_system, name="Dana Scully", email=user.email)
    beta = f.MeetingFactory(committee=f.CommitteeFactory(system=other_system, name="Beta Board"))
    f.AttendanceFactory(meeting=beta, person=elsewhere)
    return person


def _file(response) -> tuple[dict, object]:
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response)))
    assert set(archive.namelist()) == {"personal-data.json", "personal-data.xlsx", "README.txt"}
    data = json.loads(archive.read("personal-data.json"))
    return data, load_workbook(io.BytesIO(archive.read("personal-data.xlsx")))


def _ask(client, system, person, reason="SAR-12 by e-mail"):
    url = f"/s/{system.slug}/people/{person.pk}/personal-data/"
    return client.post(url, {"reason": reason})


def test_the_programme_office_s_file_holds_its_system_s_data_only(client, office, system, member):
    client.force_login(office)
    response = _ask(client, system, member)
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    data, workbook = _file(response)
    sections = data["sections"]
    assert [r["System"] for r in sections["Person records"]] == ["Alpha STP"]
    assert [r["Committee"] for r in sections["Committee memberships"]] == ["Alpha Board"]
    assert len(sections["Attendance at meetings"]) == 1  # not Beta's
    assert sections["Declarations at meetings"][0]["Interest declared"] == "Owns land by the site"
    assert sections["Actions they own"][0]["Action"] == "Circulate the estates paper"
    assert sections["Reminders sent to them"][0]["About"] == "Circulate the estates paper"
    assert [r["Role"] for r in sections["Access"]] == ["Chair"]
    history = sections["History of their person records"]
    assert [r["Post"] for r in history][-1] == "Medical Director"
    assert history[-1]["Reason"] == "New post"
    # The workbook has the same rows, a sheet a section.
    sheet = workbook["Actions they own"]
    assert [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))][1] == (
        "Circulate the estates paper"
    )
    request = PersonalDataRequest.objects.get()
    assert (request.made_by, request.kind, request.every_system, request.reason) == (
        office,
        "subject_access",
        False,
        "SAR-12 by e-mail",
    )


def test_a_platform_operator_s_file_holds_every_system(client, system, member, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    data, _ = _file(_ask(client, system, member))
    systems = [r["System"] for r in data["sections"]["Person records"]]
    assert systems == ["Alpha STP", "Beta ICS"]
    assert len(data["sections"]["Attendance at meetings"]) == 2
    assert PersonalDataRequest.objects.get().every_system


def test_no_reason_no_file(client, office, system, member):
    client.force_login(office)
    response = _ask(client, system, member, reason="  ")
    assert response.status_code == 200
    assert "Say why the file is being made" in response.content.decode()
    assert not PersonalDataRequest.objects.exists()


def test_the_page_reads_in_a_fixed_number_of_queries(
    client, office, system, member, django_assert_max_num_queries
):
    client.force_login(office)
    url = f"/s/{system.slug}/people/{member.pk}/personal-data/"
    _ask(client, system, member)
    # session, user, accesses (x2: scope and role), system, person, linked people, requests,
    # and the header's systems: none per request listed.
    with django_assert_max_num_queries(12):
        page = client.get(url)
    assert "SAR-12 by e-mail" in page.content.decode()
