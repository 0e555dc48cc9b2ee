"""A hub manager's pages on "Min side" (/me/hubs/), assembled into the "me" namespace by the root
URLs."""

from django.urls import path

from hubs import views

urlpatterns = [
    path("hubs/<slug:slug>/edit/", views.hub_edit, name="hub_edit"),
    path("hubs/<slug:slug>/photos/", views.hub_photos, name="hub_photos"),
    path("hubs/<slug:slug>/photos/<int:pk>/", views.hub_photo_edit, name="hub_photo_edit"),
    path(
        "hubs/<slug:slug>/photos/<int:pk>/delete/",
        views.hub_photo_delete,
        name="hub_photo_delete",
    ),
    path("hubs/<slug:slug>/logo/", views.hub_logo, name="hub_logo"),
    path("hubs/<slug:slug>/logo/remove/", views.hub_logo_remove, name="hub_logo_remove"),
]
