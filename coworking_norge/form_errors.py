"""A service's refusal shown on the form that asked for it: each message next to the field it
names, the rest where the view says (above the form, or next to the one field the form is about),
so that the error summary links every one."""

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(
    form: forms.Form, error: ValidationError, *, rest: str | None = None
) -> None:
    """`rest`: the field for messages that name no field of the form (None: above it)."""
    if not hasattr(error, "error_dict"):
        form.add_error(rest, error.messages)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else rest, errors)
