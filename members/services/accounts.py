"""Writes to people and their accounts."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from coworking_norge.secretariat import SECRETARIAT_GROUP
from members.models import User


@transaction.atomic
def user_create_verified(*, email: str, name: str, password: str) -> tuple[User, bool]:
    """An account that can sign in at once (its e-mail address counts as verified)."""
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(email=email, name=name, password=password)
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user, created


@transaction.atomic
def user_make_secretariat(*, user: User) -> None:
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
