"""The international partners in the admin: the secretariat writes each one's description, place
and offer in both languages, orders and publishes them from the list, and names the member hubs
that also honour the partner's scheme (only hubs of member organisations are offered)."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from network.models import Partner
from network.selectors.partners import member_hubs


@admin.register(Partner)
class PartnerAdmin(TranslationAdmin):
    list_display = ("name", "kind", "place", "order", "published")
    list_editable = ("order", "published")
    list_filter = ("kind", "published")
    search_fields = ("name", "place_nb", "place_en")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("reciprocal_hubs",)
    fields = (
        "name",
        "slug",
        "kind",
        "place",
        "website",
        "description",
        "offer",
        "reciprocal_hubs",
        "order",
        "published",
    )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "reciprocal_hubs":
            kwargs["queryset"] = member_hubs()
        return super().formfield_for_manytomany(db_field, request, **kwargs)
