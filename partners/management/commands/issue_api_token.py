from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.audit import system_actor
from core.scoping import unscoped
from partners.api.tokens import token_issue
from partners.models import System


class Command(BaseCommand):
    help = "Issue an API token to USERNAME and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=90, help="Days until it expires")
        parser.add_argument("--name", default="", help="What the token is for")
        parser.add_argument(
            "--system",
            action="append",
            dest="systems",
            metavar="SLUG",
            help="A system the token may read (repeat it); by default every system of the user's",
        )

    def handle(self, *args, username, days, name, systems, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user called {username!r}.")
        bound = None
        if systems:
            with unscoped():
                bound = list(System.objects.filter(slug__in=systems))
            unknown = set(systems) - {system.slug for system in bound}
            if unknown:
                raise CommandError(f"No system called {', '.join(sorted(unknown))}.")
        try:
            token, raw = token_issue(
                actor=system_actor(),
                user=user,
                systems=bound,
                name=name,
                lifetime=timedelta(days=days),
                by_operator=True,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(raw)
        self.stderr.write(f"Expires {token.expires_at:%d %B %Y}. Store it now: it is not kept.")
