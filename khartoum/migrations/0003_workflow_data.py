"""The Secretariat group's members become Publishers: nobody loses access on upgrade.

The Publisher group's permissions are set after migrate (khartoum.roles); here it only
needs to exist and hold the members.
"""

from django.db import migrations

SECRETARIAT = "Secretariat"
PUBLISHER = "Publisher"


def secretariat_to_publisher(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    secretariat = Group.objects.filter(name=SECRETARIAT).first()
    if secretariat is None:
        return
    publisher, _ = Group.objects.get_or_create(name=PUBLISHER)
    publisher.user_set.add(*secretariat.user_set.all())
    secretariat.delete()


def publisher_to_secretariat(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    publisher = Group.objects.filter(name=PUBLISHER).first()
    if publisher is None:
        return
    secretariat, _ = Group.objects.get_or_create(name=SECRETARIAT)
    secretariat.user_set.add(*publisher.user_set.all())


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("khartoum", "0002_workflow"),
    ]

    operations = [migrations.RunPython(secretariat_to_publisher, publisher_to_secretariat)]
