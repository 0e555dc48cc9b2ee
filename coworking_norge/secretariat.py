"""Who the secretariat is, said once: active staff users who are superusers or in the group
"Sekretariat" (made by a migration). Pages, e-mails, filters and the admin all ask here."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q, QuerySet

SECRETARIAT_GROUP = "Sekretariat"
# Beyond the portal's own apps, the secretariat manages people's e-mail addresses (allauth).
EXTRA_MODELS = (("account", "emailaddress"),)


def is_secretariat(user) -> bool:
    """Asked several times a request, answered from the database once per user object."""
    known = getattr(user, "_is_secretariat", None)
    if known is None:
        known = bool(
            user.is_authenticated
            and user.is_active
            and user.is_staff
            and (user.is_superuser or user.groups.filter(name=SECRETARIAT_GROUP).exists())
        )
        user._is_secretariat = known
    return known


def secretariat_q() -> Q:
    """The same rule as is_secretariat, for querying users."""
    return Q(is_active=True, is_staff=True) & (
        Q(is_superuser=True) | Q(groups__name=SECRETARIAT_GROUP)
    )


def secretariat_members() -> QuerySet:
    return get_user_model().objects.filter(secretariat_q()).distinct()


def secretariat_addresses() -> list[str]:
    """Where e-mails to the secretariat go."""
    return list(secretariat_members().order_by("email").values_list("email", flat=True))


def portal_app_labels() -> list[str]:
    """The portal's own apps: the packages at the repository's root, however many there are."""
    root = Path(settings.BASE_DIR).resolve()
    return [
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == root
    ]


def secretariat_permissions_sync(
    *, app_config=None, using: str = DEFAULT_DB_ALIAS, **kwargs
) -> None:
    """Keep the group complete: every model permission of the portal's own apps. Connected to
    post_migrate, which is sent for each app: the app migrated gets its permissions added (all
    of them when called without one), so models that arrive later are in the group too."""
    group = Group.objects.using(using).filter(name=SECRETARIAT_GROUP).first()
    if group is None:
        return
    extra = dict(EXTRA_MODELS)
    labels = [*portal_app_labels(), *extra]
    configs = [app_config] if app_config is not None else map(apps.get_app_config, labels)
    for config in configs:
        if config.label not in labels:
            continue
        # Django makes an app's permissions on its own post_migrate, which may come after this.
        create_permissions(config, verbosity=0, using=using)
        wanted = Permission.objects.using(using).filter(content_type__app_label=config.label)
        if config.label in extra:
            wanted = wanted.filter(content_type__model=extra[config.label])
        group.permissions.add(*wanted)
