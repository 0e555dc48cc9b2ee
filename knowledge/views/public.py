from django.http import Http404


def resource_list(request):
    raise Http404


def resource_detail(request, slug):
    raise Http404


def resource_file(request, slug):
    raise Http404
