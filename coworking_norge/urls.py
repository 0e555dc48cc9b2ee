from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from coworking_norge import views
from hubs import views as hub_views
from members import views as member_views
from members import views_join as join_views

admin.autodiscover()
# The admin signs in through allauth, so its rate limits and MFA apply there too.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("hubs.json", hub_views.hubs_json, name="hubs_json"),
]
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("hubs/", include("hubs.urls")),
    path("me/", include("members.urls")),
    path("join/", join_views.join, name="join"),
    path("join/lookup/", join_views.organisation_lookup, name="join_lookup"),
    path("members/", member_views.member_list, name="members"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
