from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from hubs.demo import demo_content_create
from members.demo import DEMO_PASSWORD, demo_accounts_create


class Command(BaseCommand):
    help = (
        "Add clearly fake demo content and accounts for local use. Safe to run again; DEBUG only."
    )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "The demo content is for local use: it refuses to run with DEBUG off."
            )
        call_command("seed", verbosity=0)
        accounts = demo_accounts_create()
        demo_content_create()
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for email, role in accounts:
            self.stdout.write(f"  {email:<28} {role}")
