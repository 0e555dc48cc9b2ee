from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from billing.services import bill_year, bill_year_plan


def _amount(value: Decimal) -> str:
    return f"{value:.2f} NOK"


class Command(BaseCommand):
    help = (
        "Issue the yearly membership fee for YEAR to every member not yet billed for it "
        "(pro rata for members that joined during the year). Safe to run again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("year", type=int)
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would be billed; write nothing."
        )
        parser.add_argument(
            "--no-email", action="store_true", help="Issue the invoices without e-mailing them."
        )

    def handle(self, *args, year: int, dry_run: bool, no_email: bool, **options) -> None:
        if not 2000 <= year <= 2100:
            raise CommandError(f"{year} is not a plausible membership year.")
        if dry_run:
            self._dry_run(year)
            return
        result = bill_year(year=year, send=not no_email)
        for invoice in result.billed:
            self.stdout.write(
                f"Billed  {invoice.organisation}: invoice {invoice.number}, "
                f"{_amount(invoice.total_amount)}"
            )
        self._skipped(result.skipped)
        total = sum((invoice.total_amount for invoice in result.billed), Decimal("0.00"))
        self.stdout.write(
            f"{len(result.billed)} billed for {year}, {len(result.skipped)} skipped; "
            f"total {_amount(total)}."
        )

    def _dry_run(self, year: int) -> None:
        plan = bill_year_plan(year=year)
        for fee in plan.to_bill:
            self.stdout.write(
                f"Would bill  {fee.organisation}: {_amount(fee.total)} "
                f"({fee.lines[0]['description']})"
            )
        self._skipped(plan.skipped)
        total = sum((fee.total for fee in plan.to_bill), Decimal("0.00"))
        self.stdout.write(
            f"Dry run: {len(plan.to_bill)} would be billed for {year}, "
            f"{len(plan.skipped)} skipped; total {_amount(total)}. Nothing was written."
        )

    def _skipped(self, skipped) -> None:
        for organisation, reason in skipped:
            self.stdout.write(f"Skipped {organisation}: {reason}")
