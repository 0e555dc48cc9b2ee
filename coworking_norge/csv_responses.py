"""CSV downloads for the secretariat: one way to write them, safe to open in a spreadsheet."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone


def csv_response(name: str, columns: Iterable[str], rows: Iterable[list]) -> HttpResponse:
    """An attachment named coworking-norge-<name>.csv: a header row, then the rows."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="coworking-norge-{name}.csv"'
    writer = csv.writer(response)
    writer.writerow(columns)
    writer.writerows(rows)
    return response


def today_text() -> str:
    return f"{timezone.localdate():%Y-%m-%d}"


def spreadsheet_safe(text: str) -> str:
    # A cell starting with = + - @ (or a tab or carriage return before one) would be run as a
    # formula by a spreadsheet.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
