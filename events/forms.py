"""The events' forms: the list's filters, registering oneself or colleagues, and a hub manager's
proposal. No side effects: the views pass what they clean to events.services."""

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.forms.utils import flatatt
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coworking_norge.form_fields import KeyChoiceField
from coworking_norge.text import slug_words
from events import feeds
from events.models import Event, Registration
from events.selectors import MONTH, EventFilters
from events.services import MAX_ATTENDEES, Attendee
from hubs.counties import County
from members.models import Organisation

# The months the list's filter offers: this one and the next eleven.
MONTHS_OFFERED = 12


def month_values(today: date | None = None, count: int = MONTHS_OFFERED) -> list[date]:
    """The first day of this month and of the next ones."""
    today = today or timezone.localdate()
    return [
        date(today.year + (today.month - 1 + step) // 12, (today.month - 1 + step) % 12 + 1, 1)
        for step in range(count)
    ]


def months_offered() -> set[str]:
    return {f"{first:%Y-%m}" for first in month_values()}


def months_ahead() -> list[tuple[str, str]]:
    """("2026-01", "januar 2026") for this month and the next ones, in the page's language."""
    return [
        (f"{first:%Y-%m}", formats.date_format(first, "YEAR_MONTH_FORMAT"))
        for first in month_values()
    ]


class QuickSelect(forms.Select):
    """A select drawn in Python: Django draws each option through a template, which for the
    list's three filters cost as much as the rest of /events/ (bench/ measures it)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        chosen = set(self.format_value(value))
        options = "".join(
            format_html(
                '<option value="{}"{}>{}</option>',
                key,
                mark_safe(" selected") if str(key) in chosen else "",
                label,
            )
            for key, label in self.choices
        )
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, attrs, mark_safe(options))  # noqa: S308


class EventFilterForm(forms.Form):
    """The list's filters; they combine. A value the list does not know matches nothing."""

    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=QuickSelect)
    county = forms.ChoiceField(label=_("County"), required=False, widget=QuickSelect)
    month = forms.CharField(
        label=_("Month"),
        required=False,
        validators=[RegexValidator(MONTH, _("Choose a month from the list."))],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            ("", _("All kinds")),
            *((value, capfirst(label)) for value, label in Event.Kind.choices),
        ]
        self.fields["county"].choices = [("", _("All counties")), *County.choices]
        self.fields["month"].widget = QuickSelect(choices=[("", _("Any month")), *months_ahead()])

    def filters(self) -> EventFilters | None:
        """The filters chosen, or None when one of them is not a value the list knows."""
        if not self.is_valid():
            return None
        return EventFilters(
            **{name: self.cleaned_data[name] for name in ("kind", "county", "month")}
        )


# [0-9], not \d, which takes fullwidth and other scripts' digits too.
postcode_validator = RegexValidator(r"^[0-9]{4}$", _("A postcode is four digits."))


class SelfRegistrationForm(forms.Form):
    """A person registering themselves; for a paid event also where their invoice goes."""

    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    address = forms.CharField(label=_("Address"), max_length=200)
    postcode = forms.CharField(label=_("Postcode"), max_length=4, validators=[postcode_validator])
    city = forms.CharField(label=_("City"), max_length=80)

    def __init__(self, *args, paid: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.paid = paid
        if not paid:
            for name in ("address", "postcode", "city"):
                del self.fields[name]
        # One's own seat, at one's own address: seats for others are booked by an organisation's
        # contact, so that nobody fills a room, or takes someone's address, from one account.
        self.fields["email"].disabled = True
        self.fields["email"].help_text = _(
            "Your account's address: your ticket is sent here. Colleagues are registered by "
            "a contact of their organisation."
        )
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        if paid:
            self.fields["address"].widget.attrs["autocomplete"] = "street-address"
            self.fields["postcode"].widget.attrs.update(
                {"autocomplete": "postal-code", "inputmode": "numeric"}
            )
            self.fields["city"].widget.attrs["autocomplete"] = "address-level2"

    def attendees(self) -> list[Attendee]:
        return [Attendee(name=self.cleaned_data["name"], email=self.cleaned_data["email"])]

    def buyer(self) -> dict | None:
        if not self.paid:
            return None
        return {name: self.cleaned_data[name] for name in ("address", "postcode", "city")}


class AttendeeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))


class BaseAttendeeFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[str] = set()
        for form in self.forms:
            email = (form.cleaned_data.get("email") or "").lower()
            if not email:
                continue
            if email in seen:
                form.add_error("email", _("This e-mail address is given twice."))
            seen.add(email)
        if not seen:
            raise forms.ValidationError(_("Add at least one person to register."))

    def attendees(self) -> list[Attendee]:
        return [
            Attendee(name=form.cleaned_data["name"], email=form.cleaned_data["email"])
            for form in self.forms
            if form.cleaned_data.get("email")
        ]

    def initial_form_count(self) -> int:
        # Rows carried over by "more rows" are shown filled in, yet may still be emptied to skip
        # them: no row is an "initial" one that must be filled.
        return super().initial_form_count() if self.is_bound else 0


# Empty rows shown at first, and added by the "more rows" button.
ATTENDEE_ROWS = 3


def attendee_formset(data=None, *, rows: list[dict] | None = None) -> BaseAttendeeFormSet:
    """The colleagues' rows: bound to a POST, or shown with `rows` filled in and three empty
    rows after them (at most MAX_ATTENDEES in all)."""
    rows = rows or []
    formset = forms.formset_factory(
        AttendeeForm,
        formset=BaseAttendeeFormSet,
        extra=len(rows) + ATTENDEE_ROWS,
        max_num=MAX_ATTENDEES,
        absolute_max=MAX_ATTENDEES,
        validate_max=True,
    )
    return formset(data, initial=rows or None, prefix="attendees")


def attendee_rows(data) -> list[dict]:
    """The rows a POST holds that have anything in them, as typed, to show again."""
    total = data.get("attendees-TOTAL_FORMS", "")
    count = min(int(total), MAX_ATTENDEES) if total.isdigit() else 0
    rows = []
    for number in range(count):
        row = {
            name: data.get(f"attendees-{number}-{name}", "").strip()[:254]
            for name in ("name", "email")
        }
        if row["name"] or row["email"]:
            rows.append(row)
    return rows


class OrganisationChoiceForm(forms.Form):
    """Which of the person's organisations books and pays."""

    organisation = KeyChoiceField(label=_("Organisation"), queryset=None, empty_label=None)

    def __init__(self, *args, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(
            pk__in=[organisation.pk for organisation in organisations]
        ).order_by("legal_name")
        field.label_from_instance = lambda organisation: organisation.legal_name
        field.help_text = _("The organisation is invoiced; members pay the member price.")
        self.only = organisations[0] if len(organisations) == 1 else None
        if self.only is not None:
            field.widget = forms.HiddenInput()
            field.initial = self.only.pk
            field.required = False

    def clean_organisation(self):
        """With one organisation there is nothing to choose: it is that one."""
        return self.cleaned_data.get("organisation") or self.only


class EventProposalForm(forms.ModelForm):
    """A hub manager's event at their hub; the secretariat checks it and publishes it."""

    class Meta:
        model = Event
        fields = (
            "title_nb",
            "title_en",
            "kind",
            "starts_at",
            "ends_at",
            "description_nb",
            "description_en",
            "capacity",
            "member_price",
            "non_member_price",
        )
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "description_nb": forms.Textarea(attrs={"rows": 6}),
            "description_en": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        labels = {
            "title_nb": _("Title (Norwegian)"),
            "title_en": _("Title (English)"),
            "description_nb": _("Description (Norwegian)"),
            "description_en": _("Description (English)"),
        }
        for name, label in labels.items():
            self.fields[name].label = label
        self.fields["title_nb"].required = True
        self.fields["description_nb"].required = True
        self.fields["title_en"].help_text = _(
            "Optional: the English page shows the Norwegian title without it."
        )
        for name in ("starts_at", "ends_at"):
            self.fields[name].help_text = _("Norwegian time.")
        for name in ("member_price", "non_member_price"):
            self.fields[name].help_text = _("Per person; 0 means free.")
        self.fields["kind"].choices = [
            (value, capfirst(label)) for value, label in Event.Kind.choices
        ]

    def clean(self) -> dict:
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and starts <= timezone.now():
            self.add_error("starts_at", _("The event must start in the future."))
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        if starts and data.get("title_nb"):
            self.instance.slug = unique_slug(data["title_nb"], starts)
        return data


def unique_slug(title: str, starts) -> str:
    """ "frokostseminar-2026-03": the title and the month, numbered when taken."""
    words = slug_words(title, max_length=60) or "event"
    base = f"{words}-{timezone.localtime(starts):%Y-%m}"
    slug, number = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


# "example.no/cal.ics" is taken for https://example.no/cal.ics; "webcal://" is how many calendar
# apps give a public calendar's address, fetched over https.
_NO_SCHEME = re.compile(r"^[^:/?#]+\.[^:/?#]+([:/?#]|$)")


class HubFeedForm(forms.Form):
    url = forms.CharField(
        label=_("Calendar address (iCal)"),
        max_length=feeds.MAX_URL_LENGTH,
        widget=forms.URLInput(attrs={"autocomplete": "url", "spellcheck": "false"}),
        help_text=_(
            "The calendar's public address in iCal format, often ending in .ics; "
            "it must be reachable without signing in."
        ),
    )

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if url[:9].lower() == "webcal://":
            url = "https://" + url[9:]
        elif "://" not in url and _NO_SCHEME.match(url):
            url = "https://" + url
        try:
            feeds.check_url(url)
        except feeds.FeedError as error:
            raise ValidationError(error.text, code="refused") from None
        URLValidator(schemes=["http", "https"], message=gettext(feeds.INVALID_URL))(url)
        return url


# The door: a tap checks a confirmed participant in; the search is by name.
SEARCH_MAX_LENGTH = 100


class CheckInForm(forms.Form):
    registration = forms.ModelChoiceField(queryset=Registration.objects.none())

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = event.registrations.filter(
            status=Registration.Status.CONFIRMED
        )


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=SEARCH_MAX_LENGTH, strip=True)

    def text(self) -> str:
        return self.cleaned_data["q"] if self.is_valid() else ""
