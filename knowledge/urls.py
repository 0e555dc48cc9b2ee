"""The library's public pages, included by the root URLs at /knowledge/."""

from django.urls import path

from knowledge.views import public

app_name = "knowledge"
urlpatterns = [
    path("", public.resource_list, name="list"),
    path("<slug:slug>/", public.resource_detail, name="detail"),
    path("<slug:slug>/file/", public.resource_file, name="file"),
]
