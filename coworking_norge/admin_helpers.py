"""What every app's admin shares: read-only views of records that stand, and calling a service
with its refusal shown as a message rather than a 500."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.admin.views.main import ERROR_FLAG
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from coworking_norge.form_fields import KeyChoiceField, KeyMultipleChoiceField

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
    """Odd query strings and form values get the admin's own "wrong filter" answer or a form
    error, or are left out, never a 500: a date-hierarchy year, month or day that is no date, a
    filter by a number no database column holds (?invoice=999…), an initial value for a related
    field (…/add/?organisation=abc) that is no key, and such a value posted to an autocomplete
    field, which Django's widget would look up when it shows the form again with its error.
    PortalAdminSite gives it to every model admin."""

    def changelist_view(self, request, extra_context=None):
        dates_valid = not self.date_hierarchy or _date_parts_valid(request.GET, self.date_hierarchy)
        if not dates_valid or not _keys_valid(self.model, request.GET):
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        try:
            return super().changelist_view(request, extra_context)
        except OverflowError:  # SQLite's answer to a filter value beyond 64 bits
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        return {name: value for name, value in initial.items() if self._initial_ok(name, value)}

    def _initial_ok(self, name: str, value) -> bool:
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return True
        values = value if isinstance(value, list) else [value]
        return not field.is_relation or all(is_key(field, item) for item in values)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = KeysOnlyAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", KeyChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", KeyMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def _keys_valid(model, query) -> bool:
    """Whether every filter by a related row (?invoice=…, ?organisation__id__exact=…) names a
    key its column can hold; the same answer on every database."""
    for lookup, value in query.items():
        name, *rest = lookup.split("__")
        if rest not in ([], ["exact"], ["id"], ["id", "exact"], ["pk"], ["pk", "exact"]):
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.is_relation and hasattr(field, "target_field") and not is_key(field, value):
            return False
    return True


def is_key(field, value) -> bool:
    """Whether value can name a row through the relation `field` (a number the column holds)."""
    target = field.target_field
    try:
        key = target.to_python(value)
    except ValidationError:
        return False
    if not isinstance(key, int):
        return True
    low, high = connections[DEFAULT_DB_ALIAS].ops.integer_field_range(target.get_internal_type())
    return (low is None or key >= low) and (high is None or key <= high)


class KeysOnlyAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget, which shows a posted value again only if it is a key."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [item for item in value if is_key(self.field, item)], attr)


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
