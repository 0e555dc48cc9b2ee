"""Keep the secretariat's group complete: every model permission of the portal's own apps."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from members.models import SECRETARIAT_GROUP

PORTAL_APPS = ("members", "hubs", "events", "knowledge")
EXTRA_MODELS = (("account", "emailaddress"),)


def secretariat_permissions_sync(**kwargs) -> None:
    group = Group.objects.filter(name=SECRETARIAT_GROUP).first()
    if group is None:
        return
    wanted = Q(content_type__app_label__in=PORTAL_APPS)
    for app_label, model in EXTRA_MODELS:
        wanted |= Q(content_type__app_label=app_label, content_type__model=model)
    group.permissions.add(*Permission.objects.filter(wanted))
