"""Who may see or do what with member organisations; used by views, services and templates."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db.models import Q, QuerySet

from coworking_norge.secretariat import is_secretariat
from members.models import Invitation, MembershipApplication, Organisation, OrganisationContact


def organisations_of(user) -> QuerySet[Organisation]:
    """The organisations this person is a contact of, in any role."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(contacts__user=user).distinct()


def organisations_administered_by(user) -> QuerySet[Organisation]:
    """The organisations whose contacts and hub managers this person may change."""
    return organisations_of(user).filter(
        contacts__user=user, contacts__role=OrganisationContact.Role.ADMIN
    )


def invitations_open_to_admin(user) -> QuerySet[Invitation]:
    """The invitations, not yet accepted, that this person may send again or withdraw: those of
    the organisations they are an admin contact of."""
    return Invitation.objects.filter(
        organisation__in=organisations_administered_by(user), accepted_at__isnull=True
    )


def applications_withdrawable_by(user) -> QuerySet[MembershipApplication]:
    """The person's own applications that are still undecided: only those can be withdrawn."""
    if not user.is_authenticated or not user.is_active:
        return MembershipApplication.objects.none()
    return MembershipApplication.objects.filter(
        applicant=user, status=MembershipApplication.Status.SUBMITTED
    )


def can_accept_invitation(user, invitation) -> bool:
    """An invitation is for the address it was sent to: only an account that has verified that
    address may accept it, whoever else holds the link."""
    return bool(
        user.is_authenticated
        and user.is_active
        and EmailAddress.objects.filter(
            user=user, email__iexact=invitation.email, verified=True
        ).exists()
    )


def groups_grantable_by(user) -> QuerySet:
    """The groups this person may put people in: those that give no permission they lack, so
    that nobody grants more than they have (a superuser grants any)."""
    groups = Group.objects.prefetch_related("permissions__content_type")
    if user.is_superuser:
        return groups.all()
    held = user.get_all_permissions()
    allowed = [
        group.pk
        for group in groups
        if {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()} <= held
    ]
    return Group.objects.filter(pk__in=allowed)


def can_change_password_of(editor, user) -> bool:
    """Staff passwords are for their owners and superusers only: a staff member could otherwise
    take over another's account, and what it may do."""
    return editor.is_superuser or not (user.is_staff or user.is_superuser)


def belongs_to_a_member(user) -> bool:
    """Someone of a member organisation: a contact of one, or a manager of one of its hubs (the
    secretariat too). Members-only content is for them; asked once per user object."""
    known = getattr(user, "_belongs_to_a_member", None)
    if known is None:
        known = bool(
            user.is_authenticated
            and user.is_active
            and (
                is_secretariat(user)
                or Organisation.objects.filter(status=Organisation.Status.MEMBER)
                .filter(Q(contacts__user=user) | Q(hubs__managers__user=user))
                .exists()
            )
        )
        user._belongs_to_a_member = known
    return known
