from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from partners.api.tokens import token_issue
from partners.audit import system_actor


class Command(BaseCommand):
    help = "Issue an API token to USERNAME and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=90, help="Days until it expires")
        parser.add_argument("--name", default="", help="What the token is for")

    def handle(self, *args, username, days, name, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user called {username!r}.")
        if days < 1:
            raise CommandError("--days must be at least 1.")
        token, raw = token_issue(
            actor=system_actor(), user=user, name=name, lifetime=timedelta(days=days)
        )
        self.stdout.write(raw)
        self.stderr.write(f"Expires {token.expires_at:%d %B %Y}. Store it now: it is not kept.")
