"""Choice fields of rows that refuse a value no key column can hold as an invalid choice.

Django's ModelChoiceField and ModelMultipleChoiceField look a posted value up in the database;
SQLite cannot take an integer beyond 64 bits and raises OverflowError, which Django does not
catch, so "?facilities=999…" was a server error instead of a form error. The portal's forms and
every admin (OddInputMixin) use these instead.
"""

from django import forms
from django.core.exceptions import ValidationError


class KeyChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        try:
            return super().to_python(value)
        except OverflowError:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from None


class KeyMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except OverflowError:
            raise ValidationError(
                self.error_messages["invalid_pk_value"],
                code="invalid_pk_value",
                params={"pk": ", ".join(map(str, value))},
            ) from None
