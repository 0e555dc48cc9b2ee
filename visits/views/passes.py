"""WORK IN PROGRESS: replaced by the real views."""

from django.http import Http404


def visit_pass(request, **kwargs):
    raise Http404


def visit_pass_mark(request, **kwargs):
    raise Http404
