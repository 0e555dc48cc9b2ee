"""The member list as CSV, for the secretariat (columns in docs/exports.md)."""

import csv

from django.http import HttpResponse
from django.utils import timezone

COLUMNS = (
    "organisation_number",
    "legal_name",
    "status",
    "tier",
    "member_since",
    "resigned_on",
    "address",
    "postcode",
    "city",
    "invoice_email",
    "hubs",
)


def organisations_csv(organisations) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"coworking-norge-members-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    for organisation in organisations:
        writer.writerow(_row(organisation))
    return response


def _row(organisation) -> list:
    return [
        organisation.organisation_number,
        _safe(organisation.legal_name),
        organisation.status,
        _safe(organisation.tier.name if organisation.tier else ""),
        organisation.member_since or "",
        organisation.resigned_on or "",
        _safe(organisation.address),
        organisation.postcode,
        _safe(organisation.city),
        organisation.invoice_email,
        _safe("; ".join(hub.name for hub in organisation.hubs.all())),
    ]


def _safe(text: str) -> str:
    # A cell starting with = + - @ would be run as a formula by a spreadsheet.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text
