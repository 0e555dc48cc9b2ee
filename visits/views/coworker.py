"""WORK IN PROGRESS: replaced by the real views."""

from django.http import Http404


def my_pass(request, **kwargs):
    raise Http404


def vouch_accept_link(request, **kwargs):
    raise Http404


def vouch_accept(request, **kwargs):
    raise Http404


def visit_cancel(request, **kwargs):
    raise Http404
