"""The root URLs. "Min side" (/me/) is assembled here from each app's own `urls_me.py`, in one
namespace "me"; no app's URLs import another app's views."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.static import serve

from billing import urls_me as billing_me
from coworking_norge import views
from coworking_norge.sitemaps import PageSitemap
from events import urls_me as events_me
from events.sitemaps import EventSitemap
from events.views import calendars as event_calendars
from events.views import door as event_door
from hubs import urls_me as hubs_me
from hubs import views as hub_views
from hubs.sitemaps import HubSitemap
from knowledge import urls_me as knowledge_me
from knowledge.sitemaps import ResourceSitemap
from members import urls_me as members_me
from members import views as member_views
from network import urls_me as network_me
from visits import urls as visits_urls
from visits import urls_me as visits_me

admin.autodiscover()
# The admin signs in through allauth, so its rate limits and MFA apply there too.
admin.site.login = secure_admin_login(admin.site.login)

me_patterns = [
    *members_me.urlpatterns,
    *hubs_me.urlpatterns,
    *billing_me.urlpatterns,
    *events_me.urlpatterns,
    *visits_me.urlpatterns,
    *knowledge_me.urlpatterns,
    *network_me.urlpatterns,
]

sitemaps = {
    "pages": PageSitemap(
        [
            *["home", "hubs:list", "events:list", "events:past", "members", "join", "privacy"],
            *["knowledge:list", "network:figures", "network:partners"],
        ]
    ),
    "hubs": HubSitemap(),
    "events": EventSitemap(),
    "knowledge": ResourceSitemap(),
}

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("hubs.json", hub_views.hubs_json, name="hubs_json"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_views.sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("favicon.ico", views.favicon, name="favicon"),
]
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("hubs/", include("hubs.urls")),
    path("events/", include("events.urls")),
    path("events.ics", event_calendars.events_ics, name="events_ics"),
    path("knowledge/", include("knowledge.urls")),
    path("network/", include("network.urls")),
    path("tickets/<str:code>/", event_door.ticket, name="ticket"),
    *visits_urls.urlpatterns,
    path("me/", include((me_patterns, "me"))),
    path("join/", member_views.join, name="join"),
    path("join/lookup/", member_views.organisation_lookup, name="join_lookup"),
    path("members/", member_views.member_list, name="members"),
    path("privacy/", views.privacy, name="privacy"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
