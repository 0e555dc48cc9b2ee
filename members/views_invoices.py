"""Invoices on the organisation page: who may see them, and the PDF download."""

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache

from members.invoice_pdf import invoice_pdf, pdf_filename
from members.models import Invoice, OrganisationContact

INVOICE_ROLES = (OrganisationContact.Role.ADMIN, OrganisationContact.Role.INVOICE)


def invoices_visible_to(user) -> QuerySet[Invoice]:
    """Issued invoices and credit notes of the organisations this person is an admin or invoice
    contact of; a plain contact sees none, and nobody sees a draft."""
    if not user.is_authenticated or not user.is_active:
        return Invoice.objects.none()
    # A person is a contact of an organisation once at most, so the join adds no duplicates.
    return Invoice.objects.exclude(status=Invoice.Status.DRAFT).filter(
        organisation__contacts__user=user, organisation__contacts__role__in=INVOICE_ROLES
    )


def may_see_invoices(role: str | None) -> bool:
    return role in INVOICE_ROLES


@never_cache
@login_required
def invoice_pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    """404 to anyone who may not see the invoice, whatever the method; only then 405."""
    invoice = get_object_or_404(invoices_visible_to(request.user), pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return HttpResponse(
        invoice_pdf(invoice),
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(True, pdf_filename(invoice))},
    )
