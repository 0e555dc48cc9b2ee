"""The secretariat's admin site."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from coworking_norge.admin_helpers import OddInputMixin
from coworking_norge.admin_history import PortalHistoryMixin
from coworking_norge.admin_todo import todo_items


def labelled_rows(formset):
    """A table's formset whose rows' inputs are labelled: Django names each column once, in the
    table's head, so a row's inputs (its delete box too) have no label of their own; each gets
    its column's name."""

    class LabelledFormSet(formset):
        def add_fields(self, form, index):
            super().add_fields(form, index)
            for field in form.fields.values():
                if field.label and not field.widget.is_hidden:
                    _rendered(field.widget).attrs.setdefault("aria-label", str(field.label))

    return LabelledFormSet


def _rendered(widget):
    """The widget that renders the input: a related field's, inside the admin's wrapper (whose
    own attrs are those of the form class's widget, shared by every form made after)."""
    while isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    return widget


class LabelledRowsMixin:
    """For tabular inlines: their rows' inputs labelled (labelled_rows)."""

    def get_formset(self, request, obj=None, **kwargs):
        return labelled_rows(super().get_formset(request, obj, **kwargs))


class LabelledInputsMixin:
    """For model admins: the inputs of a list's editable columns labelled (labelled_rows), and
    file inputs, which Django puts in a fieldset whose legend labels no input."""

    def get_changelist_formset(self, request, **kwargs):
        return labelled_rows(super().get_changelist_formset(request, **kwargs))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, forms.ClearableFileInput):
            formfield.widget.attrs.setdefault("aria-label", str(formfield.label))
        return formfield


class PortalAdminSite(admin.AdminSite):
    """Django's admin under the network's name, where every model admin registered, the portal's
    and other apps' alike, answers odd query strings without a server error (OddInputMixin) and
    labels every input: editable list columns and file inputs (LabelledInputsMixin), the rows of
    tabular inlines (LabelledRowsMixin); a record's history page, where django-simple-history
    keeps one, lists its changes in the page's language (PortalHistoryMixin). Its front page is
    the secretariat's to-do list (admin_todo.py), above the apps."""

    site_header = _("Coworking Norge – administration")
    site_title = _("Coworking Norge – administration")
    index_title = _("The secretariat's back office")
    index_template = "admin/portal_index.html"

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        mixins = tuple(
            mixin
            for mixin in (OddInputMixin, LabelledInputsMixin, *_history_mixins(admin_class))
            if not issubclass(admin_class, mixin)
        )
        inlines = tuple(map(_labelled, admin_class.inlines))
        if mixins or inlines != tuple(admin_class.inlines):
            admin_class = type(
                admin_class.__name__,
                (*mixins, admin_class),
                {"__module__": admin_class.__module__, "inlines": inlines},
            )
        super().register(model_or_iterable, admin_class, **options)

    def index(self, request, extra_context=None):
        context = {"todo_items": todo_items(site=self, request=request), **(extra_context or {})}
        return super().index(request, context)


def _history_mixins(admin_class) -> tuple:
    return (PortalHistoryMixin,) if issubclass(admin_class, SimpleHistoryAdmin) else ()


def _labelled(inline):
    """The inline, labelling its rows' inputs if it is a table (LabelledRowsMixin)."""
    if not issubclass(inline, admin.TabularInline) or issubclass(inline, LabelledRowsMixin):
        return inline
    return type(inline.__name__, (LabelledRowsMixin, inline), {"__module__": inline.__module__})


def admin_url(viewname: str, *args, language: str | None = None) -> str:
    """The whole address of an admin page ("members_membershipapplication_change", pk), in a
    language (the portal's by default): what an e-mail to the secretariat links to."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return settings.SITE_URL + reverse(f"admin:{viewname}", args=args)
