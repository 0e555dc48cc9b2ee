"""The one decorator for views of what belongs to someone: sign-in first, then the thing (404 for
anyone it does not belong to, whatever the method), and only then the method (405), so that a
stranger learns nothing from the answer."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404


def owner_only(
    objects: Callable[..., QuerySet], *methods: str, lookup: tuple[str, str] | None = ("pk", "pk")
):
    """`objects(user)` is what the person may act on. With `lookup` (URL argument, field) the view
    gets the one object the URL names; with None it gets the whole list, which must not be
    empty. Other URL arguments are passed on."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, **kwargs) -> HttpResponse:
            found = _find(objects(request.user), lookup, kwargs)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, found, **kwargs)

        return wrapper

    return decorator


def _find(rows: QuerySet, lookup: tuple[str, str] | None, kwargs: dict):
    if lookup is None:
        found = list(rows)
        if not found:
            raise Http404
        return found
    url_argument, field = lookup
    return get_object_or_404(rows, **{field: kwargs.pop(url_argument)})
