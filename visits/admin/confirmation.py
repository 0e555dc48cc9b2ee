"""The "Are you sure?" page of an admin action that ends something and tells people why (revoking
a vouch, declining a visit): the rows chosen, a reason the people concerned read, and the button."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from coworking_norge.text import one_line

TEMPLATE = "admin/visits/reason_confirmation.html"


def posted_reason(request) -> str | None:
    """The reason confirmed on the page; None while the page is still to be shown."""
    if request.POST.get("post") != "yes":
        return None
    return one_line(request.POST.get("reason", ""))[:300]


def reason_page(
    model_admin, request, rows: list, columns, *, texts: dict, reason: str = "", **extra
):
    """`rows`: (key, cells) of the rows chosen, under `columns`. `texts`: title, text (what
    happens), confirm (the button), label (the reason's), empty (when no row is left)."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        **texts,
        "rows": rows,
        "columns": columns,
        "reason": reason,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        **extra,
    }
    return TemplateResponse(request, TEMPLATE, context)


def missing_reason() -> str:
    return _("Write the reason: the people concerned read it.")
