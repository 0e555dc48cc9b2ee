"""Forms about people and member organisations: sign-up's extra field, the membership
application and invitations. No side effects: views hand the cleaned data to a service."""

from django import forms
from django.utils.translation import gettext_lazy as _
from stdnum.no import orgnr

from members.models import MembershipApplication, Organisation, OrganisationContact

# What an applicant fills in, by subject; the admin shows the application in the same groups.
ORGANISATION_FIELDS = (
    "organisation_name",
    "organisation_number",
    "address",
    "postcode",
    "city",
    "invoice_email",
)
HUB_FIELDS = (
    "hub_name",
    "hub_city",
    "hub_county",
    "hub_capacity",
    "hub_description",
    "hub_website",
)
SELF_ASSESSMENT_FIELDS = ("physical_place", "community", "facilitation")
APPLICATION_FIELDS = (*ORGANISATION_FIELDS, *HUB_FIELDS, *SELF_ASSESSMENT_FIELDS, "motivation")


class ApplicationForm(forms.ModelForm):
    # Typed with spaces ("974 760 673") as often as without; compacted in the clean method.
    organisation_number = forms.CharField(
        label=_("Organisation number"),
        max_length=20,
        help_text=_("Nine digits, as in the Brønnøysund Register Centre."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = MembershipApplication
        fields = APPLICATION_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("hub_description", "physical_place", "community", "facilitation")
        } | {"motivation": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "physical_place": _("Where is the space, how large is it, and how is it furnished?"),
            "community": _(
                "Who works there, how are they chosen, and what do they expect of each other?"
            ),
            "facilitation": _("Who hosts the community, and how: events, introductions, help?"),
            "hub_capacity": _("How many people can work there at once."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["postcode"].widget.attrs.update({"inputmode": "numeric"})
        self.fields["invoice_email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["hub_capacity"].min_value = 1

    def clean_organisation_number(self) -> str:
        number = orgnr.compact(self.cleaned_data["organisation_number"] or "")
        if not orgnr.is_valid(number):
            raise forms.ValidationError(
                _("A Norwegian organisation number has nine digits and a valid check digit."),
                code="invalid",
            )
        taken = (
            (
                Organisation.objects.filter(status=Organisation.Status.MEMBER),
                _("%(number)s is already a member of the network."),
                "member",
            ),
            (
                MembershipApplication.objects.filter(status=MembershipApplication.Status.SUBMITTED),
                _("An application for %(number)s is already being reviewed."),
                "open_application",
            ),
        )
        for rows, message, code in taken:
            if rows.filter(organisation_number=number).exists():
                raise forms.ValidationError(message % {"number": orgnr.format(number)}, code=code)
        return number

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data["postcode"].strip()
        if not (len(postcode) == 4 and postcode.isdigit()):
            raise forms.ValidationError(_("A Norwegian postcode has four digits."), code="invalid")
        return postcode

    def validate_unique(self) -> None:
        # The open-application constraint is checked in clean_organisation_number with a clearer
        # message; the database constraint still guards against two submissions at once.
        pass


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form: the least we need, a name to address people by."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["name", "email", "password1", "password2"]

    def signup(self, request, user) -> None:
        user.name = self.cleaned_data["name"].strip()
        user.save(update_fields=["name"])


class InviteForm(forms.Form):
    """Whom to invite, and to what: a contact role, or managing one of the organisation's hubs."""

    email = forms.EmailField(label=_("E-mail address"))
    what = forms.ChoiceField(label=_("Invite as"))

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        hubs = [
            (f"hub:{hub.pk}", _("manager of %(hub)s") % {"hub": hub.name})
            for hub in organisation.hubs.order_by("name")
        ]
        self.fields["what"].choices = [
            *((f"role:{value}", label) for value, label in OrganisationContact.Role.choices),
            *hubs,
        ]
        self.organisation = organisation

    def invitation(self) -> dict:
        """The keyword arguments for members.services.invitation_send."""
        kind, _sep, value = self.cleaned_data["what"].partition(":")
        if kind == "hub":
            return {
                "email": self.cleaned_data["email"],
                "hub": self.organisation.hubs.get(pk=value),
            }
        return {"email": self.cleaned_data["email"], "role": value}
