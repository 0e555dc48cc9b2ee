from django.http import Http404


def partner_list(request):
    raise Http404
