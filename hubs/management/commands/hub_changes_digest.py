from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from hubs.notifications import hub_changes_digest_send


class Command(BaseCommand):
    help = "E-mail the secretariat what hub managers changed on their profiles (run it daily)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--hours", type=int, default=24, help="look back this many hours")

    def handle(self, *args, hours: int, **options) -> None:
        count = hub_changes_digest_send(since=timezone.now() - timedelta(hours=hours))
        if options["verbosity"]:
            self.stdout.write(f"Digest: {count} changes sent to the secretariat.")
