"""Joining the network: applications submitted, withdrawn, approved and rejected."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coworking_norge.text import slug_words
from hubs.counties import COUNTY_CENTRES
from hubs.models import Hub
from hubs.services import hub_create, hub_manager_add
from members import notifications
from members.models import (
    MembershipApplication,
    MembershipTier,
    Organisation,
    OrganisationContact,
    User,
)
from members.services.contacts import contact_set


def tier_suggested(*, desks: int) -> MembershipTier | None:
    """The tier whose desk range suits a hub of this size; the secretariat decides in the end."""
    for tier in MembershipTier.objects.order_by("min_desks"):
        if tier.suits(desks):
            return tier
    return None


def open_applications_left(applicant: User) -> int:
    """How many more undecided applications the person may send now."""
    limit = settings.MEMBERSHIP_OPEN_APPLICATIONS_PER_ACCOUNT
    return max(limit - applicant.applications.filter(status="submitted").count(), 0)


@transaction.atomic
def application_submit(*, applicant: User, data: dict) -> MembershipApplication:
    """Send an application. The applicant's row is locked first, so that two sent at once are
    counted one after the other against MEMBERSHIP_OPEN_APPLICATIONS_PER_ACCOUNT."""
    list(User.objects.select_for_update().filter(pk=applicant.pk).values("pk"))
    if not open_applications_left(applicant):
        raise ValidationError(
            _(
                "You already have an application being reviewed. You can send another once it "
                "is decided, or withdraw it on your page."
            ),
            code="open_application_limit",
        )
    application = MembershipApplication(
        applicant=applicant, suggested_tier=tier_suggested(desks=data["hub_capacity"]), **data
    )
    application.full_clean()
    application.save()
    transaction.on_commit(lambda: notifications.application_submitted(application), robust=True)
    return application


@transaction.atomic
def application_withdraw(*, application: MembershipApplication, user: User) -> None:
    application = _locked(application)
    if application.applicant_id != user.pk or not application.is_open:
        raise ValidationError(_("Only an undecided application can be withdrawn, by its applicant"))
    application.status = MembershipApplication.Status.WITHDRAWN
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_at"])


@transaction.atomic
def application_approve(
    *, application: MembershipApplication, reviewer: User, tier: MembershipTier | None = None
) -> Organisation:
    """Make the organisation a member, create its hub, and make the applicant its admin contact
    and the hub's manager. Approving an approved application again changes nothing."""
    application = _locked(application)
    if application.status == MembershipApplication.Status.APPROVED:
        return application.organisation
    _require_open(application)
    organisation = _member_organisation(application, tier or application.suggested_tier)
    hub = _hub_for(application, organisation)
    contact_set(
        organisation=organisation, user=application.applicant, role=OrganisationContact.Role.ADMIN
    )
    hub_manager_add(hub=hub, user=application.applicant)
    _decide(application, MembershipApplication.Status.APPROVED, reviewer, organisation=organisation)
    transaction.on_commit(lambda: notifications.application_decided(application), robust=True)
    return organisation


@transaction.atomic
def application_reject(
    *, application: MembershipApplication, reviewer: User, reason: str
) -> MembershipApplication:
    application = _locked(application)
    _require_open(application)
    if not reason.strip():
        raise ValidationError({"decision_reason": _("Say why the application is rejected.")})
    application.decision_reason = reason.strip()
    _decide(application, MembershipApplication.Status.REJECTED, reviewer)
    transaction.on_commit(lambda: notifications.application_decided(application), robust=True)
    return application


def _locked(application: MembershipApplication) -> MembershipApplication:
    return MembershipApplication.objects.select_for_update().get(pk=application.pk)


def _require_open(application: MembershipApplication) -> None:
    if not application.is_open:
        raise ValidationError(
            _("This application is already %(status)s.")
            % {"status": application.get_status_display()}
        )


def _decide(application, status: str, reviewer: User, **fields) -> None:
    application.status = status
    application.reviewer = reviewer
    application.decided_at = timezone.now()
    for name, value in fields.items():
        setattr(application, name, value)
    application.save()


# What an approved application tells about its organisation: organisation field ← application's.
FROM_APPLICATION = {
    "legal_name": "organisation_name",
    "address": "address",
    "postcode": "postcode",
    "city": "city",
    "invoice_email": "invoice_email",
    "language": "language",
}


def _member_organisation(application, tier: MembershipTier | None) -> Organisation:
    organisation = Organisation.objects.filter(
        organisation_number=application.organisation_number
    ).first() or Organisation(organisation_number=application.organisation_number)
    for field, source in FROM_APPLICATION.items():
        setattr(organisation, field, getattr(application, source))
    organisation.status = Organisation.Status.MEMBER
    organisation.member_since = organisation.member_since or timezone.localdate()
    organisation.resigned_on = None
    organisation.tier = tier or organisation.tier
    organisation.full_clean()
    organisation.save()
    return organisation


def _hub_for(application, organisation: Organisation) -> Hub:
    latitude, longitude = COUNTY_CENTRES[application.hub_county]
    return hub_create(
        name=application.hub_name,
        slug=_free_slug(application.hub_name),
        organisation=organisation,
        city=application.hub_city,
        county=application.hub_county,
        latitude=Decimal(latitude),
        longitude=Decimal(longitude),
        capacity=application.hub_capacity,
        description_nb=application.hub_description,
        website=application.hub_website,
        is_published=settings.HUB_PUBLISHED_ON_APPROVAL,
    )


def _free_slug(name: str) -> str:
    base = slug_words(name, max_length=100) or "hub"
    slug, number = base, 2
    while Hub.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug
