"""WORK IN PROGRESS: replaced by the real views."""

from django.http import Http404


def visit_request(request, **kwargs):
    raise Http404
