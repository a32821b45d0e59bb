from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.audit import system_actor
from core.scoping import unscoped
from partners import demo


class Command(BaseCommand):
    help = "Load the five seed systems and the demo users. Safe to run again: it changes nothing."

    def handle(self, *args, **options):
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError("Demo data is never loaded in production (ALLOW_DEMO_DATA=False).")
        files = demo.read_files()
        if not files:
            raise CommandError(f"No demo data files in {demo.DEMO_DIR}.")
        with unscoped(), transaction.atomic():
            context = demo.DemoContext(actor=system_actor())
            # Each app loads its own part, in dependency order; none imports a later app.
            for config in apps.get_app_configs():
                if config.name in demo.DEMO_APPS and find_spec(f"{config.name}.demo"):
                    import_module(f"{config.name}.demo").load(files, context)
        names = ", ".join(s.name for s in context.systems.values())
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {names}."))
        if not settings.DEMO_PASSWORD:
            self.stdout.write(
                "Demo users programme.office, office.<system>, partner.lead, chair, regulator "
                "and regulator.east have the "
                f"development password {demo.DEVELOPMENT_DEMO_PASSWORD!r} (set DEMO_PASSWORD "
                "to choose another)."
            )
