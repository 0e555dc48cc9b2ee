"""The network's public pages, included by the root URLs at /network/."""

from django.urls import path

from network.views import figures, partners

app_name = "network"
urlpatterns = [
    path("", figures.network_figures, name="figures"),
    path("partners/", partners.partner_list, name="partners"),
]
