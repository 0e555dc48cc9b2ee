"""The network pass's part of "Min side", included by the root URLs in the "me" namespace: a
coworker's pass, and a hub manager's guests, hosting and coworkers."""

from django.urls import path

from visits.views import coworker, host

urlpatterns = [
    path("pass/", coworker.my_pass, name="pass"),
    path("pass/accept/<str:token>/", coworker.vouch_accept_link, name="vouch_accept_link"),
    path("pass/vouches/<int:pk>/accept/", coworker.vouch_accept, name="vouch_accept"),
    path("pass/visits/<int:pk>/cancel/", coworker.visit_cancel, name="visit_cancel"),
    path("hubs/<slug:slug>/visits/", host.hub_visits, name="hub_visits"),
    path("hubs/<slug:slug>/visits/<int:pk>/confirm/", host.visit_confirm, name="visit_confirm"),
    path("hubs/<slug:slug>/visits/<int:pk>/decline/", host.visit_decline, name="visit_decline"),
    path("hubs/<slug:slug>/visits/<int:pk>/mark/", host.visit_mark, name="visit_mark"),
    path("hubs/<slug:slug>/hosting/", host.hub_hosting, name="hub_hosting"),
    path(
        "hubs/<slug:slug>/hosting/closed/<int:pk>/remove/",
        host.closed_day_remove,
        name="closed_day_remove",
    ),
    path("hubs/<slug:slug>/coworkers/", host.hub_coworkers, name="hub_coworkers"),
    path("hubs/<slug:slug>/coworkers/<int:pk>/renew/", host.vouch_renew, name="vouch_renew"),
    path("hubs/<slug:slug>/coworkers/<int:pk>/revoke/", host.vouch_revoke, name="vouch_revoke"),
    path("hubs/<slug:slug>/ledger/", host.hub_ledger, name="hub_ledger"),
]
