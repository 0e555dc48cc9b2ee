"""The library's part of "Min side", included by the root URLs in the "me" namespace: a hub
manager submits resources and follows their review."""

from django.urls import path

from knowledge.views import me

urlpatterns = [
    path("library/", me.submissions, name="knowledge_submissions"),
    path("library/submit/", me.submit, name="knowledge_submit"),
    path("library/<int:pk>/withdraw/", me.withdraw, name="knowledge_withdraw"),
]
