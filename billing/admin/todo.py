"""Billing's items on the admin's front page (coworking_norge/admin_todo.py): draft invoices to
issue, overdue invoices, refunds due and the OCR lines that matched no invoice lately."""

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from billing.admin.ocr_imports import unmatched_recently_q
from billing.models import Invoice, OcrImport
from billing.selectors import invoices_overdue_q, invoices_refund_due_q
from coworking_norge.admin_todo import TodoItem


def admin_todo_items(sender, *, site, request, **kwargs) -> list[TodoItem]:
    items = []
    if site.get_model_admin(Invoice).has_view_or_change_permission(request):
        items += _invoice_items(site)
    if site.get_model_admin(OcrImport).has_view_or_change_permission(request):
        lines = OcrImport.objects.filter(unmatched_recently_q()).aggregate(n=Sum("unmatched"))["n"]
        url = reverse("admin:billing_ocrimport_changelist", current_app=site.name)
        label = _("OCR lines that matched no invoice, last 30 days")
        items.append(TodoItem(label, lines or 0, f"{url}?unmatched=recent", 50))
    return items


def _invoice_items(site) -> list[TodoItem]:
    """Drafts, overdue invoices and refunds due, counted in one query."""
    counts = Invoice.objects.aggregate(
        drafts=Count("pk", filter=Q(status=Invoice.Status.DRAFT)),
        overdue=Count("pk", filter=invoices_overdue_q(timezone.localdate())),
        refunds=Count("pk", filter=invoices_refund_due_q()),
    )
    url = reverse("admin:billing_invoice_changelist", current_app=site.name)
    return [
        TodoItem(
            _("draft invoices to issue"),
            counts["drafts"],
            f"{url}?status__exact={Invoice.Status.DRAFT}",
            20,
        ),
        TodoItem(_("overdue invoices"), counts["overdue"], f"{url}?overdue=yes", 30),
        TodoItem(_("credited invoices to refund"), counts["refunds"], f"{url}?refund_due=yes", 40),
    ]
