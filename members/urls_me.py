"""The pages about people and organisations on "Min side" (/me/), assembled into the "me"
namespace by the root URLs."""

from django.urls import path

from members import views

urlpatterns = [
    path("", views.me, name="home"),
    path(
        "applications/<int:pk>/withdraw/",
        views.application_withdraw,
        name="application_withdraw",
    ),
    path("organisation/", views.organisation_overview, name="organisation"),
    path(
        "organisation/<int:pk>/invite/",
        views.organisation_invite,
        name="organisation_invite",
    ),
    path(
        "organisation/<int:pk>/contacts/<int:contact_pk>/remove/",
        views.contact_remove,
        name="organisation_contact_remove",
    ),
    path(
        "organisation/<int:pk>/managers/<int:manager_pk>/remove/",
        views.manager_remove,
        name="organisation_manager_remove",
    ),
    path(
        "organisation/invitations/<int:pk>/resend/",
        views.invitation_resend,
        name="organisation_invitation_resend",
    ),
    path(
        "organisation/invitations/<int:pk>/withdraw/",
        views.invitation_withdraw,
        name="organisation_invitation_withdraw",
    ),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
