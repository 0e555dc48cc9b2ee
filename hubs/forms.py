"""The hubs' forms: the directory's filters, and what a hub manager edits on "Min side". What only
the secretariat decides is not in them."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from coworking_norge.form_fields import KeyMultipleChoiceField
from hubs.counties import County
from hubs.images import HubImageField
from hubs.models import Facility, Hub, HubPhoto


class HubFilterForm(forms.Form):
    """The directory's filters; they combine (every chosen facility must match), and the page
    shows them with the values chosen. Every county and facility is a valid value; the page offers
    only those that would show a hub (`show_options`)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, city or facility")}
        ),
    )
    county = forms.ChoiceField(label=_("County"), required=False)
    facility = forms.MultipleChoiceField(
        label=_("Facilities"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, facilities: list[Facility], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [("", _("All counties")), *County.choices]
        self.fields["facility"].choices = [(f.slug, f.name) for f in facilities]

    def filters(self) -> dict:
        """The valid filters; an invalid one is left out (and its error shown by the form)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "county": data.get("county") or "",
            "facility": list(dict.fromkeys(data.get("facility") or [])),
            "q": (data.get("q") or "").strip(),
        }

    def show_options(self, counties) -> None:
        """Offer the counties that would show a hub, each with its count."""
        self.fields["county"].choices = [
            ("", _("All counties")),
            *((o.value, f"{o.label} ({o.count})") for o in counties),
        ]


TRANSLATED = ("tagline", "description", "opening_hours", "accessibility_notes", "visitor_info")

PROFILE_FIELDS = (
    *(f"{name}_{lang}" for name in TRANSLATED[:2] for lang in ("nb", "en")),
    "address",
    "postcode",
    "city",
    "county",
    "latitude",
    "longitude",
    "website",
    "email",
    "phone",
    *(f"opening_hours_{lang}" for lang in ("nb", "en")),
    "capacity",
    "area",
    "facilities",
    *Hub.ACCESSIBILITY_FIELDS,
    *(f"{name}_{lang}" for name in TRANSLATED[3:] for lang in ("nb", "en")),
)

YES_NO_UNKNOWN = [("", _("Not stated")), ("true", _("Yes")), ("false", _("No"))]


class HubProfileForm(forms.ModelForm):
    class Meta:
        model = Hub
        fields = PROFILE_FIELDS
        field_classes = {"facilities": KeyMultipleChoiceField}
        widgets = {
            "facilities": forms.CheckboxSelectMultiple,
            "description_nb": forms.Textarea(attrs={"rows": 8}),
            "description_en": forms.Textarea(attrs={"rows": 8}),
            **{
                f"{name}_{lang}": forms.Textarea(attrs={"rows": 3})
                for name in ("opening_hours", "accessibility_notes", "visitor_info")
                for lang in ("nb", "en")
            },
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facilities"].queryset = Facility.objects.order_by("order", "slug")
        for name in Hub.ACCESSIBILITY_FIELDS:
            self.fields[name] = forms.NullBooleanField(
                label=capfirst(Hub._meta.get_field(name).verbose_name),
                required=False,
                widget=forms.Select(choices=YES_NO_UNKNOWN),
            )
        for name in TRANSLATED:
            self.fields[f"{name}_nb"].label = _("%(field)s (Norwegian)") % {
                "field": capfirst(Hub._meta.get_field(name).verbose_name)
            }
            self.fields[f"{name}_en"].label = _("%(field)s (English)") % {
                "field": capfirst(Hub._meta.get_field(name).verbose_name)
            }
        for field in ("latitude", "longitude"):
            self.fields[field].help_text = _("Decimal degrees, e.g. 59.91390 and 10.75220.")
        self.fields["city"].required = True


def _alt_text_fields_labelled(form: forms.BaseForm) -> None:
    """A photo's alt text in both languages, labelled as the profile's texts are: the Norwegian
    required (every page can fall back on it), the English optional."""
    nb, en = form.fields["alt_text_nb"], form.fields["alt_text_en"]
    nb.label = _("%(field)s (Norwegian)") % {"field": _("Alt text")}
    en.label = _("%(field)s (English)") % {"field": _("Alt text")}
    nb.required, en.required = True, False
    nb.help_text = _("Describe what the photo shows, for people who cannot see it.")
    en.help_text = _("Optional: without it, English pages show the Norwegian.")


class PhotoUploadForm(forms.Form):
    image = HubImageField(label=_("Photo"))
    alt_text_nb = forms.CharField(max_length=250)
    alt_text_en = forms.CharField(max_length=250)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _alt_text_fields_labelled(self)


class PhotoEditForm(forms.ModelForm):
    class Meta:
        model = HubPhoto
        fields = ("alt_text_nb", "alt_text_en", "order")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _alt_text_fields_labelled(self)


class LogoForm(forms.Form):
    logo = HubImageField(label=_("Logo"))
