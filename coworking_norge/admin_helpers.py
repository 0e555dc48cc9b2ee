"""What every app's admin shares: read-only views of records that stand, and calling a service
with its refusal shown as a message rather than a 500."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect


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
    by someone else meanwhile, say): the refusal is shown as a message on the same page. The
    admin's transaction is rolled back, so nothing was written."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            self.message_user(request, error_text(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


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
