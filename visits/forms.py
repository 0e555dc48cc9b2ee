"""The network pass's forms, by who fills them in: the host's managers (deciding on visits, the
hub's hosting and closed days, vouching for its coworkers), the coworker and the visitor. No side
effects: the views pass what they clean to visits.services."""

import calendar
from datetime import date, timedelta

from django import forms
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from visits.models import WEEKDAYS, HostSettings, Visit

# --- The host's managers --------------------------------------------------------------------------

# A vouch offered for half a year unless the manager picks another end date.
VOUCH_MONTHS = 6
# The services' limit (visits.services.vouches.LONGEST): a vouch runs at most this far ahead.
RENEW_LIMIT_DAYS = 366


def months_later(day: date, months: int) -> date:
    """The same day `months` on, or the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


class DateField(forms.DateField):
    """A date picked in the browser's own date field (ISO in, ISO out)."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VisitDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the visit cannot take place"),
        max_length=Visit._meta.get_field("decline_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The coworker reads this in the e-mail that tells them."),
    )


class VisitMarkForm(forms.Form):
    """Arrived (1) or did not come (0)."""

    arrived = forms.TypedChoiceField(
        choices=[("1", _("arrived")), ("0", _("did not come"))], coerce=lambda value: value == "1"
    )


class HostSettingsForm(forms.ModelForm):
    """Whether and how the hub takes network guests; a hub of a non-member organisation keeps its
    settings but cannot switch hosting on."""

    class Meta:
        model = HostSettings
        fields = (
            "hosts_guests",
            *(f"desks_{day}" for day, _label in WEEKDAYS),
            "confirmation",
            "house_rules",
            "arrival_instructions",
        )
        widgets = {
            "confirmation": forms.RadioSelect,
            "house_rules": forms.Textarea(attrs={"rows": 4}),
            "arrival_instructions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, can_host: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hosts_guests"].label = _("We host coworkers of other member hubs")
        self.fields["confirmation"].label = _("Requests for a day are confirmed")
        for name in self.desk_names():
            self.fields[name].required = False
            self.fields[name].widget.attrs.update({"min": 0, "inputmode": "numeric"})
        if not can_host:
            self.fields["hosts_guests"].disabled = True
            self.initial["hosts_guests"] = False

    @staticmethod
    def desk_names() -> list[str]:
        return [f"desks_{day}" for day, _label in WEEKDAYS]

    def desk_fields(self) -> list:
        return [self[name] for name in self.desk_names()]

    def clean(self) -> dict:
        """A weekday left empty has no guest desks."""
        data = super().clean()
        for name in self.desk_names():
            if name not in self.errors and data.get(name) is None:
                data[name] = 0
        return data


class ClosedDayForm(forms.Form):
    date = DateField(label=_("Date"))
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=120,
        help_text=_("Optional, shown to coworkers: for example “Christmas holiday”."),
    )


class VouchForm(forms.Form):
    email = forms.EmailField(
        label=_("The coworker's e-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "They get an e-mail with a link to accept. If the address already belongs to an "
            "account on the portal, the vouch also shows on that person's My page."
        ),
    )
    until = DateField(
        label=_("Valid until"), help_text=_("At most a year from today; renew it later.")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["until"].initial = months_later(timezone.localdate(), VOUCH_MONTHS)


class VouchRenewForm(forms.Form):
    until = DateField(
        label=_("New end date"),
        help_text=_(
            "At most a year from today. An earlier date calls off the coworker's visits after it."
        ),
    )

    def __init__(self, *args, current: date | None = None, **kwargs) -> None:
        """Offers half a year past the current end date (or today, when it ran out), within the
        year a vouch may run at most."""
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        offered = months_later(max(current or today, today), VOUCH_MONTHS)
        self.fields["until"].initial = min(offered, today + timedelta(days=RENEW_LIMIT_DAYS))


# --- The coworker ---------------------------------------------------------------------------------


class DayChoice(forms.RadioSelect):
    """The bookable days, drawn one by one inside the request page's weeks; the error summary's
    link goes to the first of them (RadioSelect's own label points nowhere)."""

    def id_for_label(self, id_, index="0"):
        return super().id_for_label(id_, index)


def _visit_field(name: str):
    return Visit._meta.get_field(name)


class VisitRequestForm(forms.Form):
    """A day at a host, and what the host may see beyond the name, home hub and date."""

    day = forms.TypedChoiceField(
        label=_("Day"),
        coerce=date.fromisoformat,
        widget=DayChoice(attrs={"class": "form-check-input"}),
        error_messages={
            "required": _("Pick a day."),
            "invalid_choice": _("Pick one of the days with a free desk."),
        },
    )
    share_email = forms.BooleanField(
        label=capfirst(_visit_field("share_email").verbose_name), required=False
    )
    phone = forms.CharField(
        label=capfirst(_visit_field("phone").verbose_name),
        max_length=_visit_field("phone").max_length,
        required=False,
        help_text=_visit_field("phone").help_text,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    message = forms.CharField(
        label=capfirst(_visit_field("message").verbose_name),
        max_length=_visit_field("message").max_length,
        required=False,
        help_text=_("Optional: what you will work on, or a question for the host."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, days: list[date], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [(day.isoformat(), day_label(day)) for day in days]


def day_label(day: date) -> str:
    """ "tirsdag 17.03.2026", "Tuesday 17 Mar 2026": the weekday, then the locale's date."""
    return f"{formats.date_format(day, 'l')} {formats.date_format(day, 'SHORT_DATE_FORMAT')}"
