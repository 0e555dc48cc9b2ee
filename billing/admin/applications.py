"""What billing adds to the membership applications' admin: once an application is approved, the
secretariat is offered to bill the new member this year's fee at once. members never imports
billing, so the applications' admin is registered again here, extended."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.admin.organisations import bill_this_years_fee, can_bill
from billing.services import bill_year_plan
from members.admin import MembershipApplicationAdmin
from members.models import MembershipApplication, Organisation

admin.site.unregister(MembershipApplication)


@admin.register(MembershipApplication)
class BilledMembershipApplicationAdmin(MembershipApplicationAdmin):
    def get_urls(self):
        view = self.admin_site.admin_view(self.bill_fee_view)
        name = "members_membershipapplication_bill_fee"
        return [path("<path:object_id>/bill-fee/", view, name=name), *super().get_urls()]

    def after_approval_url(self, request, application: MembershipApplication) -> str:
        if not can_bill(request):
            return super().after_approval_url(request, application)
        return reverse(
            "admin:members_membershipapplication_bill_fee",
            args=[application.pk],
            current_app=self.admin_site.name,
        )

    def bill_fee_view(self, request, object_id):
        """This year's fee for the organisation an application made a member: what it would be,
        and, once confirmed (POST), the invoice issued and sent."""
        application = self.get_object(request, unquote(object_id))
        if not can_bill(request) or not self.has_view_or_change_permission(request, application):
            raise PermissionDenied
        if application is None or application.organisation_id is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        organisations = Organisation.objects.filter(pk=application.organisation_id)
        if request.method == "POST":
            return self._fee_billed_redirect(bill_this_years_fee(self, request, organisations))
        year = timezone.localdate().year
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Bill the membership fee for %(year)s?") % {"year": year},
            "application": application,
            "organisation": application.organisation,
            "year": str(year),  # never "2 026"
            "plan": bill_year_plan(year=year, organisations=organisations),
            "changelist_url": self._changelist_url(),
        }
        template = "admin/members/membershipapplication/bill_fee.html"
        return TemplateResponse(request, template, context)

    def _fee_billed_redirect(self, result) -> HttpResponseRedirect:
        if result.billed:
            invoice = result.billed[0]
            return HttpResponseRedirect(
                reverse(
                    "admin:billing_invoice_change",
                    args=[invoice.pk],
                    current_app=self.admin_site.name,
                )
            )
        return HttpResponseRedirect(self._changelist_url())
