"""The events' part of "Min side", included by the root URLs in the "me" namespace."""

from django.urls import path

from events.views import feeds, me

urlpatterns = [
    path("events/", me.my_registrations, name="events"),
    path(
        "events/registrations/<int:pk>/cancel/",
        me.registration_cancel,
        name="registration_cancel",
    ),
    path("hubs/<slug:slug>/events/propose/", me.event_propose, name="event_propose"),
    path("hubs/<slug:slug>/calendar/", feeds.hub_feed, name="hub_feed"),
]
