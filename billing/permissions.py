"""Who may see which invoices; used by views and the organisation page alike."""

from django.db.models import Q, QuerySet

from billing.models import Invoice
from coworking_norge.secretariat import is_secretariat
from members.models import OrganisationContact

INVOICE_ROLES = (OrganisationContact.Role.ADMIN, OrganisationContact.Role.INVOICE)


def invoices_visible_to(user) -> QuerySet[Invoice]:
    """Issued invoices and credit notes billed to this person, or to the organisations they are
    an admin or invoice contact of; a plain contact sees none, and nobody sees a draft."""
    if not user.is_authenticated or not user.is_active:
        return Invoice.objects.none()
    organisations = OrganisationContact.objects.filter(user=user, role__in=INVOICE_ROLES)
    return Invoice.objects.exclude(status=Invoice.Status.DRAFT).filter(
        Q(organisation__in=organisations.values("organisation")) | Q(buyer_user=user)
    )


def invoice_pdfs_downloadable_by(user) -> QuerySet[Invoice]:
    """The invoices whose PDF this person may download: those visible to them, and every issued
    one for the secretariat."""
    if is_secretariat(user):
        return Invoice.objects.exclude(status=Invoice.Status.DRAFT)
    return invoices_visible_to(user)


def may_see_invoices(role: str | None) -> bool:
    """Whether a contact in this role sees the organisation's invoices."""
    return role in INVOICE_ROLES
