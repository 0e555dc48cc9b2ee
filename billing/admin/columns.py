"""Amounts in the admin's lists and read-only fields, written the one way (coworking_norge's
money(): "5 000,00 kr", "NOK 5,000.00") rather than as Django shows a bare decimal."""

from django.contrib import admin

from coworking_norge.formats.money import money


def money_column(field: str, description, *, sortable: bool = True):
    """A display method for a model admin or inline showing `field` as money: assign it to a
    name and list that name instead of the field."""

    @admin.display(description=description, ordering=field if sortable else None)
    def column(self, obj) -> str:
        return money(getattr(obj, field))

    column.__name__ = f"{field}_money"
    return column
