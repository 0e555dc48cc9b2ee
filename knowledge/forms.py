"""The library's forms: its filters and search on /knowledge/, and a hub manager's submission on
Min side. No side effects: the views pass what they clean to knowledge.services."""

from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from coworking_norge.form_fields import KeyChoiceField, KeyMultipleChoiceField
from hubs.models import Hub
from knowledge.files import file_check
from knowledge.models import Resource, Tag
from knowledge.permissions import hubs_submitting_for
from knowledge.services import SUBMITTED_FIELDS


class LibraryFilterForm(forms.Form):
    """The library's filters and search; they combine. A kind, phase or tag the library does not
    offer matches nothing (`filters()` says None), so a made-up address shows no resource."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    phase = forms.ChoiceField(label=_("Phase"), required=False)
    tag = forms.ChoiceField(label=_("Tag"), required=False)

    def __init__(self, *args, tags: list[Tag], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            ("", _("All kinds")),
            *((value, capfirst(label)) for value, label in Resource.Kind.choices),
        ]
        self.fields["phase"].choices = [
            ("", _("Every phase")),
            *((value, capfirst(label)) for value, label in Resource.Phase.choices),
        ]
        self.fields["tag"].choices = [
            ("", _("All tags")),
            *((tag.slug, f"{tag.name} ({tag.count})") for tag in tags),
        ]

    def filters(self) -> dict | None:
        """The filters chosen, or None when one of them is not a value the library offers."""
        if not self.is_valid():
            return None
        return {name: self.cleaned_data[name].strip() for name in ("q", "kind", "phase", "tag")}


# The file types the library takes, for the browser's file picker (the service checks content).
FILE_ACCEPT = ".pdf,.docx,.xlsx,.odt"

SUBMIT_LABELS = {
    "title_nb": _("Title (Norwegian)"),
    "title_en": _("Title (English)"),
    "summary_nb": _("Summary (Norwegian)"),
    "summary_en": _("Summary (English)"),
    "body_nb": _("Text (Norwegian)"),
    "body_en": _("Text (English)"),
    "kind": _("Kind"),
    "phase": _("Phase"),
    "url": _("Link"),
    "authors": _("Authors"),
    "visibility": _("Who may read it"),
    "tags": _("Tags"),
}


def submit_help() -> dict:
    markdown = _(
        "Markdown: ## for a heading, - for a list, **bold**, [text](https://…) for a link."
    )
    return {
        "title_en": _("Optional: the English page shows the Norwegian title without it."),
        "summary_en": _("Optional: the English page shows the Norwegian summary without it."),
        "summary_nb": _(
            "Two or three sentences, shown to everyone, also for members-only resources."
        ),
        "body_nb": markdown,
        "body_en": markdown,
        "url": _("Where the resource is published, when it lives elsewhere; a link needs it."),
        "authors": _("As they are credited."),
        "visibility": _(
            "Members only: everyone sees the summary; the text and the file are for people of "
            "member organisations."
        ),
        "file": _("Optional: a PDF, DOCX, XLSX or ODT file of at most %(size)s MB.")
        % {"size": settings.KNOWLEDGE_MAX_FILE_MB},
    }


class ResourceSubmitForm(forms.ModelForm):
    """A hub manager's resource for the library, for the secretariat to review. `submitted()` is
    what knowledge.services.resource_submit takes; the service checks the file by its content."""

    hub = KeyChoiceField(label=_("On behalf of"), queryset=Hub.objects.none())
    file = forms.FileField(
        label=_("File"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
    )

    class Meta:
        model = Resource
        fields = (
            "title_nb", "title_en", "kind", "phase", "summary_nb", "summary_en",
            "body_nb", "body_en", "url", "authors", "visibility", "tags",
        )  # fmt: skip
        widgets = {
            "summary_nb": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "body_nb": forms.Textarea(attrs={"rows": 10}),
            "body_en": forms.Textarea(attrs={"rows": 10}),
            "visibility": forms.RadioSelect,
            "tags": forms.CheckboxSelectMultiple,
        }
        field_classes = {"tags": KeyMultipleChoiceField}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.only_hub = self._hub_choices(hubs_submitting_for(user))
        for name, label in SUBMIT_LABELS.items():
            self.fields[name].label = label
        for name in ("title_nb", "summary_nb"):
            self.fields[name].required = True
        for name, text in submit_help().items():
            self.fields[name].help_text = text
        for name, choices in (("kind", Resource.Kind), ("phase", Resource.Phase)):
            self.fields[name].choices = _capitalised(choices, blank=True)
        self.fields["visibility"].choices = _capitalised(Resource.Visibility)
        self.fields["tags"].queryset = Tag.objects.order_by("name")

    def clean_file(self):
        # The service checks again when it saves; checked here too, a wrong file is named with
        # the other mistakes instead of after they are mended.
        upload = self.cleaned_data.get("file")
        if upload:
            file_check(upload)
        return upload

    def _hub_choices(self, hubs) -> Hub | None:
        """A choice among the member hubs the person manages; fixed (and returned) when there
        is only one."""
        field = self.fields["hub"]
        field.queryset = hubs
        first_two = list(hubs[:2])
        if len(first_two) != 1:
            return None
        field.initial, field.disabled, field.widget = first_two[0].pk, True, forms.HiddenInput()
        return first_two[0]

    def submitted(self) -> dict:
        """The keyword arguments of resource_submit but `by`."""
        data = self.cleaned_data
        return {
            "hub": data["hub"],
            "data": {name: data.get(name) or "" for name in SUBMITTED_FIELDS},
            "tags": list(data.get("tags") or ()),
            "upload": data.get("file"),
        }


def _capitalised(choices, *, blank: bool = False) -> list[tuple[str, str]]:
    options = [(value, capfirst(label)) for value, label in choices.choices]
    return [("", "---------"), *options] if blank else options
