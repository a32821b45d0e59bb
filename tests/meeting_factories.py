"""Factories for a meeting's agenda, papers, packs, minutes and declarations, the register of
interests and what a system publishes (issue 16)."""

import datetime
import hashlib

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from governance.models import (
    AgendaItem,
    Declaration,
    Interest,
    MinuteEntry,
    Minutes,
    Pack,
    Paper,
    Publication,
)
from tests.factories import MeetingFactory, PersonFactory, SavedFactory, SystemFactory, UserFactory

# The smallest well-formed PDF a reader opens (pypdf, strictly, as uploads are checked): one
# empty page, with its cross-reference table at the byte offsets it names.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)
_PDF_SHA256 = hashlib.sha256(PDF_BYTES).hexdigest()


class AgendaItemFactory(SavedFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n % 999 + 1)  # within the field's 1 to 999
    title = factory.Faker("sentence", nb_words=5)
    purpose = "discussion"


class PaperFactory(SavedFactory):
    class Meta:
        model = Paper

    item = factory.SubFactory(AgendaItemFactory)
    title = factory.Faker("sentence", nb_words=4)
    # Written to the default storage when the row is saved (FileField's pre_save).
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name=f"{_PDF_SHA256}.pdf"))
    filename = "paper.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    sha256 = _PDF_SHA256
    uploaded_at = factory.LazyFunction(timezone.now)
    uploaded_by = factory.SubFactory(UserFactory)


class PackFactory(SavedFactory):
    class Meta:
        model = Pack

    meeting = factory.SubFactory(MeetingFactory)
    part = "public"
    status = "queued"
    requested_at = factory.LazyFunction(timezone.now)


class ReadyPackFactory(PackFactory):
    """A pack built: its PDF in the default storage, named by its hash."""

    status = "ready"
    version = factory.Sequence(lambda n: n + 100)
    pdf = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name=f"pack-{_PDF_SHA256}.pdf"))
    sha256 = _PDF_SHA256
    pages = 1
    built_at = factory.LazyFunction(timezone.now)


class MinutesFactory(SavedFactory):
    class Meta:
        model = Minutes

    meeting = factory.SubFactory(MeetingFactory)


class MinuteEntryFactory(SavedFactory):
    class Meta:
        model = MinuteEntry

    minutes = factory.SubFactory(MinutesFactory)
    item = factory.SubFactory(AgendaItemFactory, meeting=factory.SelfAttribute("..minutes.meeting"))
    discussion = factory.Faker("paragraph")


class InterestFactory(SavedFactory):
    class Meta:
        model = Interest

    person = factory.SubFactory(PersonFactory)
    kind = "professional"
    organisation_name = factory.Faker("company")
    description = factory.Faker("sentence")
    declared_on = datetime.date(2018, 1, 15)


class DeclarationFactory(SavedFactory):
    class Meta:
        model = Declaration

    item = factory.SubFactory(AgendaItemFactory)
    person = factory.SubFactory(
        PersonFactory, system=factory.SelfAttribute("..item.meeting.committee.system")
    )
    description = factory.Faker("sentence")


class PublicationFactory(SavedFactory):
    class Meta:
        model = Publication

    system = factory.SubFactory(SystemFactory)
