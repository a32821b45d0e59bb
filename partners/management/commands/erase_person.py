"""Erase a person's identity: replaced by a stable pseudonym everywhere, history included, the
governance record kept (partners.privacy.person_erase). A platform operator's tool: it erases the
person in every system and is recorded against the account given."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.scoping import unscoped
from partners.models import Person
from partners.privacy import linked_people, person_erase


class Command(BaseCommand):
    help = "Replace a person's identity with a pseudonym in every system, keeping their record."

    def add_arguments(self, parser):
        parser.add_argument("person", type=int, help="The person record's id")
        parser.add_argument("--reason", required=True, help="Why: the request's reference")
        parser.add_argument(
            "--by", required=True, help="The username of the platform operator doing it"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say which records would change; change none."
        )

    def handle(self, *args, person: int, reason: str, by: str, dry_run: bool, **options):
        actor = get_user_model().objects.filter(username=by, is_superuser=True).first()
        if actor is None:
            raise CommandError(f"No platform operator (superuser) is called {by!r}.")
        with unscoped():
            record = Person.objects.filter(pk=person).select_related("system").first()
            if record is None:
                raise CommandError(f"No person has the id {person}.")
            people = linked_people(record, every_system=True)
            self.stdout.write(
                f"{len(people)} person record(s): "
                + ", ".join(f"#{p.pk} in {p.system.short_name}" for p in people)
            )
            if dry_run:
                self.stdout.write("Dry run: nothing changed.")
                return
            try:
                done = person_erase(actor=actor, person=record, reason=reason, every_system=True)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"Erased: now {done.pseudonym}; {done.counts['rows rewritten']} rows rewritten."
        )
