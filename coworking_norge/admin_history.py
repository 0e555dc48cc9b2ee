"""The changes django-simple-history lists on a record's history page, in the page's language:
"(empty)" rather than None or an empty string, "yes" and "no" rather than True and False, a
list's items joined by commas rather than a Python list, a choice by its label, dates and numbers
in the language's formats, and a long text cut with "…" rather than "[54 chars]".
PortalAdminSite gives PortalHistoryMixin to every SimpleHistoryAdmin registered."""

import datetime
from decimal import Decimal

from django.db.models.fields.files import FieldFile
from django.utils import formats, timezone
from django.utils.translation import gettext
from simple_history.template_utils import HistoricalRecordContextHelper, ObjDiffDisplay

CUT = " … "  # spaced, so that the cut does not read as one word ("Møter … ering")


def history_value(field, value) -> str:
    """A field's value as one of a history page's changes shows it."""
    if isinstance(value, FieldFile):
        value = value.name
    if value is None or value == "" or value == []:
        return gettext("(empty)")
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list | tuple):
        return ", ".join(history_value(None, item) for item in value)
    if field is not None and field.flatchoices:
        labels = {str(key): label for key, label in field.flatchoices}
        return str(labels.get(str(value), value))
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, int | float | Decimal):
        return formats.number_format(value, use_l10n=True)
    return str(value)


class CutWithEllipsis(ObjDiffDisplay):
    """simple-history's shortening of two long values, marking the cut with "…"."""

    def shortened_str(self, prefix: str, num_skipped_chars: int, suffix: str) -> str:
        return f"{prefix}{CUT}{suffix}"


class PortalHistoryContextHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value) -> str:
        value = super().prepare_delta_change_value(change, value)
        return history_value(self.model._meta.get_field(change.field), value)

    def get_obj_diff_display(self) -> ObjDiffDisplay:
        return CutWithEllipsis(max_length=self.max_displayed_delta_change_chars)


class PortalHistoryMixin:
    """For SimpleHistoryAdmin: the changes on the history page in the page's language."""

    def get_historical_record_context_helper(self, request, historical_record):
        return PortalHistoryContextHelper(self.model, historical_record)
