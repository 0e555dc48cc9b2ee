"""What every app's admin shares: read-only views of records that stand, and calling a service
with its refusal shown as a message rather than a 500."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

CONFLICT_MESSAGE = _(
    "Someone else saved the same thing a moment ago, so nothing was saved. Look at the list "
    "again before you try once more."
)


class ReadOnlyAdminMixin:
    """For admins and inlines of records nobody edits in the admin: they are only looked at."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class RefusalAsMessageMixin:
    """For admins whose saves go through services or models that may refuse (an invoice issued
    by someone else meanwhile, say), or whose constraints a simultaneous save may break: the
    refusal is shown as a message on the same page. The admin's transaction is rolled back, so
    nothing was written."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            self.message_user(request, error_text(error), messages.ERROR)
        except IntegrityError:
            # The form was valid when checked; a constraint found the same record saved by
            # someone else a moment before (two people filling in the same form at once).
            self.message_user(request, CONFLICT_MESSAGE, messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())


class OddInputMixin:
    """Odd query strings get the admin's own "wrong filter" answer or are left out, never a 500:
    a date-hierarchy year, month or day that is no date, or an initial value for a related
    field (…/add/?organisation=abc) that is no key."""

    def changelist_view(self, request, extra_context=None):
        if self.date_hierarchy and not _date_parts_valid(request.GET, self.date_hierarchy):
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return super().changelist_view(request, extra_context)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        return {name: value for name, value in initial.items() if self._is_key(name, value)}

    def _is_key(self, name: str, value) -> bool:
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return True
        if not field.is_relation:
            return True
        try:
            for item in value if isinstance(value, list) else [value]:
                field.target_field.to_python(item)
        except ValidationError:
            return False
        return True


def _date_parts_valid(query, field: str) -> bool:
    limits = {"year": (1, 9999), "month": (1, 12), "day": (1, 31)}
    for part, (low, high) in limits.items():
        value = query.get(f"{field}__{part}")
        if value is None:
            continue
        if not (value.isascii() and value.isdigit() and low <= int(value) <= high):
            return False
    return True


def error_text(error: ValidationError) -> str:
    return "; ".join(error.messages)


def call_service(
    model_admin,
    request,
    service: Callable,
    *,
    about: object = None,
    success: Callable[[object], str] | None = None,
    **kwargs,
):
    """What `service(**kwargs)` returns; None when it refuses, with its reason shown as an error
    message (prefixed by what it was about, when there is one). `success(result)`, if given, is
    the message shown when it does not."""
    try:
        result = service(**kwargs)
    except ValidationError as error:
        text = error_text(error)
        model_admin.message_user(request, f"{about}: {text}" if about else text, messages.ERROR)
        return None
    if success is not None:
        model_admin.message_user(request, success(result), messages.SUCCESS)
    return result
