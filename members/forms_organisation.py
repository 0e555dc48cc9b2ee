from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Organisation, OrganisationContact


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
        """The keyword arguments for members.invitations.invitation_send."""
        kind, _sep, value = self.cleaned_data["what"].partition(":")
        if kind == "hub":
            return {
                "email": self.cleaned_data["email"],
                "hub": self.organisation.hubs.get(pk=value),
            }
        return {"email": self.cleaned_data["email"], "role": value}
