"""Invoices on "Min side": the organisation page's invoices section, and the PDF download (for
the organisation's admin and invoice contacts, the person billed, and the secretariat)."""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache

from billing.models import Invoice
from billing.pdf import account_display, invoice_pdf, pdf_filename
from billing.permissions import (
    invoice_pdfs_downloadable_by,
    invoices_visible_to,
    may_see_invoices,
)
from coworking_norge.decorators import owner_only


@never_cache
@owner_only(invoice_pdfs_downloadable_by, "GET", "HEAD")
def invoice_pdf_download(request: HttpRequest, invoice: Invoice) -> HttpResponse:
    return HttpResponse(
        invoice_pdf(invoice),
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(True, pdf_filename(invoice))},
    )


def invoices_sections(sender, *, user, organisations, roles, **kwargs) -> dict[int, dict]:
    """The invoices section of each organisation whose invoices this person sees, with what to
    pay (account, KID, amount) for each unpaid one: one query whatever the number of
    organisations or invoices (receiver of organisation_page_sections)."""
    shown = [
        organisation.pk
        for organisation in organisations
        if may_see_invoices(roles.get(organisation.pk))
    ]
    if not shown:
        return {}
    today = timezone.localdate()
    rows: dict[int, list] = {pk: [] for pk in shown}
    invoices = (
        invoices_visible_to(user)
        .filter(organisation__in=shown)
        .select_related("credits")
        .order_by("-issue_date", "-number")
    )
    for invoice in invoices:
        rows[invoice.organisation_id].append(
            {
                "invoice": invoice,
                "is_overdue": invoice.is_overdue(today),
                "account": account_display((invoice.seller or {}).get("account", "")),
            }
        )
    template = "billing/includes/_organisation_invoices.html"
    return {
        pk: {
            "template": template,
            "invoices": invoice_rows,
            "to_pay": [row for row in invoice_rows if row["invoice"].outstanding > 0],
        }
        for pk, invoice_rows in rows.items()
    }
