from django.http import Http404


def hub_survey(request, slug):
    raise Http404
