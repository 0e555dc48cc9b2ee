"""The network pass's public pages, included by the root URLs: a coworker requests a day at a hub
(/hubs/<slug>/visit/), and a host checks a pass (/pass/<token>/) without an account."""

from django.urls import path

from visits.views import passes, request

urlpatterns = [
    path("hubs/<slug:slug>/visit/", request.visit_request, name="visit_request"),
    path("pass/<str:token>/", passes.visit_pass, name="visit_pass"),
    path("pass/<str:token>/mark/", passes.visit_pass_mark, name="visit_pass_mark"),
]
