"""The secretariat's group, with every model permission of the portal's own apps and of e-mail addresses."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Sekretariat"
APPS = ("members", "hubs")
EXTRA = (("account", "emailaddress"),)


def create_group(apps, schema_editor):
    # Model permissions are normally made after all migrations; make them now so the group gets them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    permissions = Permission.objects.filter(content_type__app_label__in=APPS)
    for app_label, model in EXTRA:
        permissions |= Permission.objects.filter(
            content_type__app_label=app_label, content_type__model=model
        )
    group.permissions.add(*permissions)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_custom_user"),
        ("hubs", "0001_hubs_facilities_photos_managers"),
        ("account", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
