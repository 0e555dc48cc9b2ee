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
        billed = [
            (
                f"Billed  {i.organisation}: invoice {i.number}, {_amount(i.total_amount)}",
                i.total_amount,
            )
            for i in result.billed
        ]
        self._report(billed, result.skipped, f"billed for {year}", "")

    def _dry_run(self, year: int) -> None:
        plan = bill_year_plan(year=year)
        description = "{0.organisation}: {1} ({0.lines[0][description]})"
        to_bill = [
            (f"Would bill  {description.format(fee, _amount(fee.total))}", fee.total)
            for fee in plan.to_bill
        ]
        self._report(to_bill, plan.skipped, f"would be billed for {year}", " Nothing was written.")

    def _report(self, billed: list[tuple[str, Decimal]], skipped, done: str, after: str) -> None:
        """A line per organisation billed (or to be billed) and skipped, then the sums."""
        for line, _total in billed:
            self.stdout.write(line)
        for organisation, reason in skipped:
            self.stdout.write(f"Skipped {organisation}: {reason}")
        total = sum((amount for _line, amount in billed), Decimal("0.00"))
        prefix = "Dry run: " if after else ""
        self.stdout.write(
            f"{prefix}{len(billed)} {done}, {len(skipped)} skipped; total {_amount(total)}.{after}"
        )
