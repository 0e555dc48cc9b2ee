"""Who may see which invoices; used by views and the organisation page alike."""

from django.db.models import QuerySet

from billing.models import Invoice
from members.models import OrganisationContact

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
    """Whether a contact in this role sees the organisation's invoices."""
    return role in INVOICE_ROLES
