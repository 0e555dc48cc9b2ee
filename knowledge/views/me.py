from django.http import Http404


def submissions(request):
    raise Http404


def submit(request):
    raise Http404


def withdraw(request, pk):
    raise Http404
