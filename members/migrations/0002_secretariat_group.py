"""The secretariat's group. Its permissions (every model permission of the portal's own apps, and
of e-mail addresses) are given after every migrate: see coworking_norge.secretariat."""

from django.db import migrations

GROUP = "Sekretariat"


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_custom_user"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
