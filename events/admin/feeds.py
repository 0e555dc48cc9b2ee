"""The hubs' own calendars, as their managers registered them on Min side and the import
command fetched them: looked at, and removed if need be; hubs manage their own."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from coworking_norge.admin_helpers import ReadOnlyAdminMixin
from events.models import FeedEvent, HubFeed


@admin.register(HubFeed)
class HubFeedAdmin(admin.ModelAdmin):
    list_display = ("hub", "url", "fetched_at", "event_count", "last_error")
    list_select_related = ("hub",)
    search_fields = ("hub__name", "url")
    fields = ("hub", "url", "added_by", "fetched_at", "last_error")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=Count("events"))

    @admin.display(description=_("events imported"), ordering="event_count")
    def event_count(self, feed: HubFeed) -> int:
        return feed.event_count

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(FeedEvent)
class FeedEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "starts_at", "hub_name", "location")
    list_filter = (("feed__hub", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("feed__hub",)
    search_fields = ("title", "location", "feed__hub__name")
    date_hierarchy = "starts_at"
    fields = ("feed", "uid", "title", "starts_at", "ends_at", "location", "url", "description")

    @admin.display(description=_("hub"), ordering="feed__hub__name")
    def hub_name(self, event: FeedEvent) -> str:
        return event.feed.hub.name
