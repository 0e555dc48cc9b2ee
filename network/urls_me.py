"""The network's part of "Min side", included by the root URLs in the "me" namespace: a hub's
managers file the yearly survey and see their figures beside the network's."""

from django.urls import path

from network.views import survey

urlpatterns = [
    path("hubs/<slug:slug>/survey/", survey.hub_survey, name="hub_survey"),
]
