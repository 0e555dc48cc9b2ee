"""WORK IN PROGRESS: replaced by the real views."""

from django.http import Http404


def hub_visits(request, **kwargs):
    raise Http404


def visit_confirm(request, **kwargs):
    raise Http404


def visit_decline(request, **kwargs):
    raise Http404


def visit_mark(request, **kwargs):
    raise Http404


def hub_hosting(request, **kwargs):
    raise Http404


def closed_day_remove(request, **kwargs):
    raise Http404


def hub_coworkers(request, **kwargs):
    raise Http404


def vouch_renew(request, **kwargs):
    raise Http404


def vouch_revoke(request, **kwargs):
    raise Http404


def hub_ledger(request, **kwargs):
    raise Http404
