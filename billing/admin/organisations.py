"""What billing adds to the organisations' admin: their invoices, and billing this year's fee.
members never imports billing, so the organisations' admin is registered again here, extended."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from billing.admin.columns import money_column
from billing.models import Invoice
from billing.services import bill_year
from billing.services.membership_fee import BillingResult
from coworking_norge.admin_helpers import ReadOnlyAdminMixin
from members.admin import OrganisationAdmin
from members.models import Organisation


class InvoiceInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The organisation's issued invoices and credit notes, newest first, each a link."""

    model = Invoice
    fields = ("number", "kind", "issue_date", "due_date", "total_money", "paid_money", "status")
    readonly_fields = fields
    total_money = money_column("total_amount", _("total"))
    paid_money = money_column("paid_amount", _("paid"))
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("invoices and credit notes")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .exclude(status=Invoice.Status.DRAFT)
            .order_by("-issue_date", "-number")
        )


admin.site.unregister(Organisation)


@admin.register(Organisation)
class BilledOrganisationAdmin(OrganisationAdmin):
    inlines = (*OrganisationAdmin.inlines, InvoiceInline)
    actions = (*OrganisationAdmin.actions, "bill_this_year")

    def has_bill_permission(self, request) -> bool:
        return can_bill(request)

    @admin.action(description=_("Bill this year's membership fee"), permissions=["bill"])
    def bill_this_year(self, request, queryset):
        bill_this_years_fee(self, request, queryset)


def can_bill(request) -> bool:
    """Billing issues invoices: it takes the right to add and to change them."""
    return request.user.has_perms(("billing.add_invoice", "billing.change_invoice"))


def bill_this_years_fee(model_admin, request, organisations) -> BillingResult:
    """Bill this year's membership fee to the organisations, and say what was done."""
    year = timezone.localdate().year
    result = bill_year(year=year, organisations=organisations)
    model_admin.message_user(
        request,
        _("Membership fee %(year)s: billed %(billed)d, skipped %(skipped)d.")
        % {"year": year, "billed": len(result.billed), "skipped": len(result.skipped)},
        messages.SUCCESS if result.billed else messages.WARNING,
    )
    for organisation, reason in result.skipped:
        model_admin.message_user(request, f"{organisation}: {reason}", messages.WARNING)
    return result
