from django.urls import path

from hubs import views_manage
from members import views, views_invoices, views_join, views_organisation

app_name = "me"
urlpatterns = [
    path("", views.me, name="home"),
    path("hubs/<slug:slug>/edit/", views_manage.hub_edit, name="hub_edit"),
    path("hubs/<slug:slug>/photos/", views_manage.hub_photos, name="hub_photos"),
    path("hubs/<slug:slug>/photos/<int:pk>/", views_manage.hub_photo_edit, name="hub_photo_edit"),
    path(
        "hubs/<slug:slug>/photos/<int:pk>/delete/",
        views_manage.hub_photo_delete,
        name="hub_photo_delete",
    ),
    path("hubs/<slug:slug>/logo/", views_manage.hub_logo, name="hub_logo"),
    path(
        "applications/<int:pk>/withdraw/",
        views_join.application_withdraw,
        name="application_withdraw",
    ),
    path("organisation/", views_organisation.organisation_overview, name="organisation"),
    path(
        "organisation/<int:pk>/invite/",
        views_organisation.organisation_invite,
        name="organisation_invite",
    ),
    path(
        "organisation/<int:pk>/contacts/<int:contact_pk>/remove/",
        views_organisation.contact_remove,
        name="organisation_contact_remove",
    ),
    path(
        "organisation/<int:pk>/managers/<int:manager_pk>/remove/",
        views_organisation.manager_remove,
        name="organisation_manager_remove",
    ),
    path(
        "organisation/invoices/<int:pk>.pdf",
        views_invoices.invoice_pdf_download,
        name="invoice_pdf",
    ),
    path("invitations/<str:token>/", views_organisation.invitation, name="invitation"),
]
