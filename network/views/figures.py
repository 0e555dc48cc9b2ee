from django.http import Http404


def network_figures(request):
    raise Http404
