"""The member list as CSV, for the secretariat (columns in docs/exports.md)."""

from django.http import HttpResponse

from coworking_norge.csv_responses import csv_response, spreadsheet_safe, today_text

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
    rows = (_row(organisation) for organisation in organisations)
    return csv_response(f"members-{today_text()}", COLUMNS, rows)


def _row(organisation) -> list:
    return [
        organisation.organisation_number,
        spreadsheet_safe(organisation.legal_name),
        organisation.status,
        spreadsheet_safe(organisation.tier.name if organisation.tier else ""),
        organisation.member_since or "",
        organisation.resigned_on or "",
        spreadsheet_safe(organisation.address),
        organisation.postcode,
        spreadsheet_safe(organisation.city),
        organisation.invoice_email,
        spreadsheet_safe("; ".join(hub.name for hub in organisation.hubs.all())),
    ]
