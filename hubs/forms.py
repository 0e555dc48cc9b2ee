from django import forms
from django.utils.translation import gettext_lazy as _

from hubs.counties import County
from hubs.models import Facility


class HubFilterForm(forms.Form):
    """The directory's filters; they combine, and the page shows them with the values chosen."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, city or facility")}
        ),
    )
    county = forms.ChoiceField(label=_("County"), required=False)
    facility = forms.ChoiceField(label=_("Facility"), required=False)

    def __init__(self, *args, facilities: list[Facility], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [("", _("All counties")), *County.choices]
        self.fields["facility"].choices = [
            ("", _("All facilities")),
            *((facility.slug, facility.name) for facility in facilities),
        ]

    def filters(self) -> dict[str, str]:
        """The valid filters; an invalid one is left out (and its error shown by the form)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data[name].strip() for name in ("county", "facility", "q") if data.get(name)}
