from datetime import date

from django.core.management.base import BaseCommand

from billing.services import reminders_send


class Command(BaseCommand):
    help = (
        "E-mail a reminder (purring) for every unpaid invoice that is due for one. Meant for a "
        "daily cron job; never charges a fee. Safe to run again the same day."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--date",
            dest="today",
            type=date.fromisoformat,
            default=None,
            help="Act as if today were this date (YYYY-MM-DD).",
        )

    def handle(self, *args, today: date | None, **options) -> None:
        sent = reminders_send(today=today)
        for reminder in sent:
            invoice = reminder.invoice
            self.stdout.write(
                f"Reminder sent: invoice {invoice.number} ({invoice.buyer_name}), "
                f"outstanding {reminder.outstanding:.2f} NOK, due {invoice.due_date.isoformat()}"
            )
        self.stdout.write(f"{len(sent)} reminder(s) sent.")
