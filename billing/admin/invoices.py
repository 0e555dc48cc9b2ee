"""The admin of invoices: drafts edited with their lines, read-only once issued, credit notes,
sending again, the PDF; the overdue list. The dashboard is in dashboard.py. Amounts are written
with coworking_norge.formats.money, dates by the language's DATE_FORMAT."""

import logging

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, F, When
from django.db.models.functions import Coalesce
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from billing.admin.columns import money_column
from billing.admin.dashboard import InvoiceDashboardMixin
from billing.admin.filters import IssueYearFilter, OverdueFilter, RefundDueFilter
from billing.admin.inlines import InvoiceLineInline, PaymentInline, ReminderInline, is_draft
from billing.exports import invoices_csv, payments_csv
from billing.models import Invoice, InvoiceLine, Payment
from billing.notifications import invoice_send
from billing.pdf import account_display, invoice_pdf, pdf_filename
from billing.selectors import TOTAL_AFTER_CREDITS, ZERO, invoices_open_q
from billing.services import invoice_credit, invoice_issue, invoice_totals_refresh
from coworking_norge.admin_helpers import (
    RefusalAsMessageMixin,
    call_service,
    error_text,
)
from coworking_norge.formats.money import money

BY_NUMBER = (F("number").asc(nulls_last=True), "pk")
logger = logging.getLogger(__name__)


ISSUED_FIELDSETS = (
    (
        None,
        {
            "fields": (
                "number",
                "kind",
                "status",
                "organisation",
                "buyer_user",
                "credit_links",
                "membership_year",
                "kid",
                "issue_date",
                "due_date",
                "language",
                "pdf_link",
            )
        },
    ),
    (
        _("Amounts"),
        {
            "fields": (
                "net_money",
                "vat_money",
                "total_money",
                "paid_money",
                "credited_money",
                "outstanding_amount",
                "refund_due_amount",
            )
        },
    ),
    (
        _("Buyer"),
        {
            "fields": (
                "buyer_name",
                "buyer_organisation_number",
                "buyer_address",
                "buyer_postcode",
                "buyer_city",
                "buyer_email",
                "your_reference",
            )
        },
    ),
    (_("Seller"), {"fields": ("seller_text", "our_reference")}),
    (_("History"), {"fields": ("created_at", "issued_at", "emailed_at")}),
)
DRAFT_FIELDSETS = (
    (
        None,
        {
            "fields": (
                "status",
                "kind",
                "organisation",
                "membership_year",
                "your_reference",
                "our_reference",
                "language",
            )
        },
    ),
    (_("Amounts"), {"fields": ("net_money", "vat_money", "total_money")}),
)
# A draft to a person (an event's attendee) keeps its person; their details may be corrected.
PERSON_DRAFT_FIELDSETS = (
    (
        None,
        {
            "fields": (
                "status",
                "kind",
                "buyer_user",
                "your_reference",
                "our_reference",
                "language",
            )
        },
    ),
    (
        _("Buyer"),
        {"fields": ("buyer_name", "buyer_address", "buyer_postcode", "buyer_city", "buyer_email")},
    ),
    (_("Amounts"), {"fields": ("net_money", "vat_money", "total_money")}),
)
ADD_FIELDSETS = (
    (None, {"fields": ("organisation", "membership_year", "your_reference", "our_reference")}),
)
DRAFT_READONLY = ("status", "kind", "language", "net_money", "vat_money", "total_money")
COMPUTED = ("credit_links", "pdf_link", "outstanding_amount", "refund_due_amount", "seller_text")


@admin.register(Invoice)
class InvoiceAdmin(InvoiceDashboardMixin, RefusalAsMessageMixin, admin.ModelAdmin):
    change_form_template = "admin/billing/invoice/change_form.html"
    change_list_template = "admin/billing/invoice/change_list.html"
    # What matters, narrow enough for 1280 px beside the filters (tests/browser/
    # test_invoice_list.py); static/css/admin-billing.css right-aligns the money columns.
    list_display = (
        "invoice_number",
        "organisation_name",
        "total_money",
        "outstanding_amount",
        "status_badge",
    )
    list_filter = (
        "status",
        "kind",
        OverdueFilter,
        RefundDueFilter,
        IssueYearFilter,
        "membership_year",
    )
    search_fields = (
        "=number",
        "=kid",
        "buyer_name",
        "organisation__legal_name",
        "=buyer_organisation_number",
        "=organisation__organisation_number",
        "=buyer_user__email",
    )
    list_select_related = ("organisation", "buyer_user", "credits")
    date_hierarchy = "issue_date"
    autocomplete_fields = ("organisation",)
    actions = (
        "issue_selected",
        "credit_selected",
        "send_selected",
        "export_invoices_csv",
        "export_payments_csv",
    )
    inlines = (InvoiceLineInline, PaymentInline, ReminderInline)

    # Columns and read-only fields

    def get_queryset(self, request):
        # What is owed, in SQL, so that the list sorts by it (Invoice.outstanding in Python).
        owed = Case(
            When(invoices_open_q(), then=TOTAL_AFTER_CREDITS - F("paid_amount")), default=ZERO
        )
        return super().get_queryset(request).annotate(owed=owed)

    @admin.display(description=_("number"), ordering="number")
    def invoice_number(self, invoice: Invoice) -> str:
        """ "Faktura 17", "Kreditnota 18", or "Utkast" for a draft, which has no number yet."""
        return str(invoice) if invoice.is_issued else gettext("Draft")

    @admin.display(
        description=_("organisation"), ordering=Coalesce("organisation__legal_name", "buyer_name")
    )
    def organisation_name(self, invoice: Invoice) -> str:
        """The organisation billed, or the person. Not the foreign key itself: the admin keeps
        those on one line, too wide for a long name."""
        if invoice.organisation_id:
            return invoice.organisation.legal_name
        return invoice.buyer_name or str(invoice.buyer_user)

    total_money = money_column("total_amount", _("total"))
    net_money = money_column("net_amount", _("amount excl. VAT"), sortable=False)
    vat_money = money_column("vat_amount", _("VAT"), sortable=False)
    paid_money = money_column("paid_amount", _("paid"), sortable=False)
    credited_money = money_column("credited_amount", _("credited"), sortable=False)

    @admin.display(description=_("outstanding"), ordering="owed")
    def outstanding_amount(self, invoice: Invoice) -> str:
        return "–" if invoice.is_credit_note else money(invoice.outstanding)

    @admin.display(description=_("refund due"))
    def refund_due_amount(self, invoice: Invoice) -> str:
        return money(invoice.refund_due)

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, invoice: Invoice) -> str:
        """The status, with a badge when the invoice is overdue; a credit note names the
        invoice it credits instead, having no status of its own to follow."""
        if invoice.is_credit_note:
            return capfirst(gettext("credits %(invoice)s") % {"invoice": invoice.credits})
        status = capfirst(invoice.get_status_display())
        if not invoice.is_overdue(timezone.localdate()):
            return status
        return format_html(
            '{} <span class="invoice-badge invoice-badge-overdue">{}</span>',
            status,
            gettext("Overdue"),
        )

    @admin.display(description=_("credit note / credited invoice"))
    def credit_links(self, invoice: Invoice) -> str:
        related = [invoice.credits] if invoice.credits_id else list(invoice.credit_notes.all())
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:billing_invoice_change", args=[other.pk]), other)
                for other in related
            ),
        )
        return links or "–"

    @admin.display(description=_("PDF"))
    def pdf_link(self, invoice: Invoice) -> str:
        url = reverse("admin:billing_invoice_pdf", args=[invoice.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Download the PDF"))

    @admin.display(description=_("seller"))
    def seller_text(self, invoice: Invoice) -> str:
        seller = invoice.seller or {}
        parts = (seller.get(key, "") for key in ("name", "organisation_number", "address"))
        account = account_display(seller.get("account", ""))
        text = ", ".join(part for part in parts if part)
        if not account:
            return text
        return gettext("%(seller)s (account %(account)s)") % {"seller": text, "account": account}

    # Forms: a draft is edited, an issued invoice is only looked at

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return ADD_FIELDSETS
        if obj.is_issued:
            return ISSUED_FIELDSETS
        return DRAFT_FIELDSETS if obj.organisation_id else PERSON_DRAFT_FIELDSETS

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_issued:
            return [field for _name, options in ISSUED_FIELDSETS for field in options["fields"]]
        return (*DRAFT_READONLY, *COMPUTED, "buyer_user")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The secretariat's invoices are to organisations; a person's come from their event.
        if db_field.name == "organisation":
            kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The buttons need the model's change permission: an issued invoice itself is read-only.
        extra_context = {**(extra_context or {}), "can_act": self.has_change_permission(request)}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_inlines(self, request, obj):
        if is_draft(obj):
            return (InvoiceLineInline,)
        return self.inlines

    def has_change_permission(self, request, obj=None) -> bool:
        return is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_draft(obj) and super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        # One by one, so that the model's refusal to delete an issued invoice applies.
        for invoice in queryset:
            invoice.delete()

    def save_model(self, request, obj, form, change):
        if obj.organisation_id:
            obj.language = obj.organisation.language
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is InvoiceLine:
            # New lines go last, after the ones already on the draft.
            last = max((line.position for line in form.instance.lines.all()), default=0)
            for offset, line_form in enumerate(formset.extra_forms, start=1):
                line_form.instance.position = last + offset
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        invoice_totals_refresh(invoice=form.instance)

    def response_add(self, request, obj, post_url_continue=None):
        if "_issue" in request.POST:
            return self._issue_and_redirect(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_issue" in request.POST:
            return self._issue_and_redirect(request, obj)
        return super().response_change(request, obj)

    def _issue_and_redirect(self, request, obj):
        self._issue(request, obj)
        return HttpResponseRedirect(reverse("admin:billing_invoice_change", args=[obj.pk]))

    def _issue(self, request, invoice: Invoice) -> Invoice | None:
        return call_service(
            self,
            request,
            invoice_issue,
            about=invoice,
            invoice=invoice,
            success=lambda issued: (
                gettext("%(invoice)s is issued and will be e-mailed to %(email)s.")
                % {"invoice": issued, "email": issued.buyer_email}
            ),
        )

    def _credit(self, request, invoice: Invoice) -> Invoice | None:
        return call_service(
            self,
            request,
            invoice_credit,
            about=invoice,
            invoice=invoice,
            success=lambda note: (
                gettext("%(invoice)s is credited by %(note)s.") % {"invoice": invoice, "note": note}
            ),
        )

    def _send(self, request, invoice: Invoice) -> None:
        if not invoice.is_issued:
            self.message_user(
                request,
                gettext("%(invoice)s is a draft: issue it first.") % {"invoice": invoice},
                messages.ERROR,
            )
            return
        try:
            invoice_send(invoice=invoice, raise_errors=True)
        except ValidationError as error:
            self.message_user(request, f"{invoice}: {error_text(error)}", messages.ERROR)
            return
        except Exception as error:  # SMTP, DNS, a PDF that cannot be drawn: say so, keep going
            logger.exception("Sending %s again failed", invoice)
            self.message_user(
                request,
                gettext("%(invoice)s: The e-mail could not be sent: %(error)s")
                % {"invoice": invoice, "error": error},
                messages.ERROR,
            )
            return
        self.message_user(
            request,
            gettext("%(invoice)s is sent again to %(email)s.")
            % {"invoice": invoice, "email": invoice.buyer_email},
            messages.SUCCESS,
        )

    # Actions

    @admin.action(description=_("Issue the selected drafts"), permissions=["change"])
    def issue_selected(self, request, queryset):
        for invoice in queryset.filter(status=Invoice.Status.DRAFT).order_by("pk"):
            self._issue(request, invoice)
        if queryset.exclude(status=Invoice.Status.DRAFT).exists():
            self.message_user(
                request, gettext("Invoices already issued were left as they are."), messages.INFO
            )

    @admin.action(description=_("Credit the selected invoices…"), permissions=["change"])
    def credit_selected(self, request, queryset):
        invoices = list(queryset.select_related("organisation").order_by(*BY_NUMBER))
        if request.POST.get("post") == "yes":
            for invoice in invoices:
                self._credit(request, invoice)
            return None
        return self._credit_confirmation(request, invoices, action="credit_selected")

    @admin.action(description=_("Send the selected invoices again"), permissions=["change"])
    def send_selected(self, request, queryset):
        for invoice in queryset.order_by(*BY_NUMBER):
            self._send(request, invoice)

    @admin.action(description=_("Export the selected invoices as CSV"), permissions=["view"])
    def export_invoices_csv(self, request, queryset):
        return invoices_csv(queryset)

    @admin.action(
        description=_("Export the payments of the selected invoices as CSV"),
        permissions=["view_payments"],
    )
    def export_payments_csv(self, request, queryset):
        return payments_csv(Payment.objects.filter(invoice__in=queryset))

    def has_view_payments_permission(self, request) -> bool:
        """The payments' CSV lists payments: it takes the right to see them too."""
        return self.has_view_permission(request) and request.user.has_perm("billing.view_payment")

    # Views of their own

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            *self.dashboard_urls(),
            path("<int:pk>/pdf/", view(self.pdf_view), name="billing_invoice_pdf"),
            path("<int:pk>/credit/", view(self.credit_view), name="billing_invoice_credit"),
            path("<int:pk>/send/", view(require_POST(self.send_view)), name="billing_invoice_send"),
            *super().get_urls(),
        ]

    def _object(self, request, pk: int, *, change: bool = False) -> Invoice:
        invoice = get_object_or_404(Invoice.objects.select_related("organisation"), pk=pk)
        allowed = (
            self.has_change_permission(request)
            if change
            else self.has_view_permission(request, invoice)
        )
        if not allowed:
            raise PermissionDenied
        return invoice

    def pdf_view(self, request, pk: int):
        invoice = self._object(request, pk)
        if not invoice.is_issued:
            self.message_user(
                request, gettext("A draft has no PDF yet: issue it first."), messages.ERROR
            )
            return HttpResponseRedirect(reverse("admin:billing_invoice_change", args=[pk]))
        response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{pdf_filename(invoice)}"'
        return response

    def credit_view(self, request, pk: int):
        invoice = self._object(request, pk, change=True)
        if request.method != "POST":
            return self._credit_confirmation(request, [invoice], action=None)
        note = self._credit(request, invoice)
        target = note or invoice
        return HttpResponseRedirect(reverse("admin:billing_invoice_change", args=[target.pk]))

    def send_view(self, request, pk: int):
        invoice = self._object(request, pk, change=True)
        self._send(request, invoice)
        return HttpResponseRedirect(reverse("admin:billing_invoice_change", args=[pk]))

    def _credit_confirmation(self, request, invoices: list[Invoice], *, action: str | None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Credit invoices"),
            "invoices": invoices,
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/billing/invoice/credit_confirmation.html", context)
