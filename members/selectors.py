"""Reads about member organisations that several views share."""

from django.conf import settings
from django.db.models import (
    BooleanField,
    DateTimeField,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
)
from django.utils import timezone

from hubs.models import Hub, HubManager
from members.models import (
    Invitation,
    MembershipApplication,
    MembershipTier,
    Organisation,
    OrganisationContact,
)
from members.permissions import organisations_of
from members.services.applications import open_applications_left
from members.services.invitations import VALID_FOR


def organisations_members() -> list[Organisation]:
    published = (
        Hub.objects.filter(is_published=True)
        .order_by("name")
        .only("name", "slug", "city", "organisation_id")
    )
    return list(
        Organisation.objects.filter(status=Organisation.Status.MEMBER)
        .prefetch_related(Prefetch("hubs", queryset=published, to_attr="published_hubs"))
        .order_by("legal_name")
        .only("legal_name", "member_since")
    )


def organisations_for_overview(user) -> QuerySet[Organisation]:
    """The person's organisations as their page shows them: tier, contacts, hubs and managers,
    and the invitations waiting to be accepted (`pending_invitations`)."""
    return (
        organisations_of(user)
        .select_related("tier")
        .prefetch_related(
            Prefetch("contacts", OrganisationContact.objects.select_related("user")),
            Prefetch(
                "hubs",
                Hub.objects.order_by("name").prefetch_related(
                    Prefetch("managers", HubManager.objects.select_related("user"))
                ),
            ),
            Prefetch("invitations", invitations_pending(), to_attr="pending_invitations"),
        )
    )


def invitations_pending() -> QuerySet[Invitation]:
    """Invitations not accepted yet, the latest sent first, each with when its link expires
    (`expires_at`) and whether it has (`is_expired`)."""
    return (
        Invitation.objects.filter(accepted_at__isnull=True)
        .select_related("hub")
        .annotate(
            expires_at=ExpressionWrapper(F("created_at") + VALID_FOR, output_field=DateTimeField()),
            is_expired=ExpressionWrapper(
                Q(created_at__lt=timezone.now() - VALID_FOR), output_field=BooleanField()
            ),
        )
        .order_by("-created_at", "-pk")
    )


def membership_facts() -> dict:
    """What the membership page tells everyone: the tiers with their fees, and how long the
    secretariat usually takes to decide."""
    return {
        "tiers": list(MembershipTier.objects.order_by("min_desks", "yearly_fee")),
        "decision_weeks": settings.MEMBERSHIP_DECISION_WEEKS,
        "pro_rata": settings.INVOICE_PRO_RATA,
    }


def join_standing(user) -> dict:
    """Where a signed-in person stands: the member organisations they are a contact of, their
    applications being reviewed, and how many more they may send."""
    reviewed = user.applications.filter(status=MembershipApplication.Status.SUBMITTED)
    return {
        "member_organisations": list(
            organisations_of(user).filter(status=Organisation.Status.MEMBER).order_by("legal_name")
        ),
        "open_applications": list(reviewed.order_by("-created_at")),
        "applications_left": open_applications_left(user),
    }
