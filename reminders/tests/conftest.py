"""A real SMTP server on 127.0.0.1 (aiosmtpd, on a free port) that keeps what it receives, and
Django's SMTP backend pointed at it; a scene of a system with actions falling due."""

import email
import email.policy
import socket
from dataclasses import dataclass, field
from datetime import date

import pytest

from core.roles import Role
from partners.models import Access
from reminders.tests.smtp_server import Controller
from tests import factories
from tests import record_factories as rf

SITE = "https://tracker.example.nhs.uk"


@dataclass
class Mailbox:
    """What the server received, and what it answers (``refuse``: an SMTP refusal)."""

    messages: list = field(default_factory=list)
    refuse: str | None = None
    # Called after the message is received and before the server says so (a crash there).
    on_data: object = None

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return self.refuse
        self.messages.append(
            email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        )
        if self.on_data is not None:
            self.on_data()
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m["To"]]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.SITE_URL = SITE
    settings.DEFAULT_FROM_EMAIL = "reminders@tracker.example.nhs.uk"
    try:
        yield mailbox
    finally:
        controller.stop()


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


@dataclass
class Scene:
    system: object
    meeting: object
    people: dict


def person(system, name: str, *, email: str | None, role=Role.PARTNER_LEAD, organisation=None):
    user = factories.UserFactory(
        username=name.lower(), first_name=name, last_name="Test", email=email or ""
    )
    Access.objects.create(
        user=user,
        system=system,
        role=role,
        organisation=organisation if role == Role.PARTNER_LEAD else None,
    )
    return factories.PersonFactory(system=system, name=f"{name} Test", user=user)


@pytest.fixture
def scene(db):
    """Norfolk's committee met on 1 July 2019 and set actions: Ann's is due on 15 July, Ben's
    on 1 July (overdue by the 10th), Cat's (no e-mail address) on 12 July, Dan's is done, and
    Eve's falls due in August (beyond the fortnight)."""
    system = factories.SystemFactory(slug="norfolk", name="Norfolk and Waveney STP")
    organisation = factories.OrganisationFactory(name="Norfolk Hospital NHS Trust")
    factories.PartnershipFactory(system=system, organisation=organisation)
    committee = factories.CommitteeFactory(system=system, name="Joint Committee")
    meeting = factories.MeetingFactory(committee=committee, held_on=date(2019, 7, 1))
    people = {
        name: person(system, name, email=email, organisation=organisation)
        for name, email in [
            ("Ann", "ann@example.nhs.uk"),
            ("Ben", "ben@example.nhs.uk"),
            ("Cat", None),
            ("Dan", "dan@example.nhs.uk"),
            ("Eve", "eve@example.nhs.uk"),
        ]
    }
    for name, due_on, status in [
        ("Ann", date(2019, 7, 15), "open"),
        ("Ben", date(2019, 7, 1), "open"),
        ("Cat", date(2019, 7, 12), "open"),
        ("Dan", date(2019, 7, 12), "done"),
        ("Eve", date(2019, 8, 30), "open"),
    ]:
        rf.ActionFactory(
            meeting=meeting,
            owner=people[name],
            due_on=due_on,
            status=status,
            completed_on=date(2019, 7, 5) if status == "done" else None,
            description=f"{name} to circulate the draft",
        )
    return Scene(system, meeting, people)
