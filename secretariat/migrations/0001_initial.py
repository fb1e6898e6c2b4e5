"""The models that moved here from the project shell's app (khartoum): their state is
created here over the tables that app made, their content types (and so their permissions)
change app, then the tables take this app's names. An existing database keeps every row."""

import django.contrib.admin.models
from django.db import migrations


MOVED = ['auditlog']


def move_content_types(apps, schema_editor, source="khartoum", target="secretariat"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=source, model__in=MOVED).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="secretariat", target="khartoum")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("khartoum", "0008_pending_change"),
        ("contenttypes", "0002_remove_content_type_name"),
        ('admin', '0003_logentry_add_action_flag_choices'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AuditLog',
                    fields=[
                    ],
                    options={
                        'verbose_name': 'audit log entry',
                        'verbose_name_plural': 'audit log',
                        'proxy': True,
                        'default_permissions': ('view',),
                        'indexes': [],
                        'constraints': [],
                    },
                    bases=('admin.logentry',),
                    managers=[
                        ('objects', django.contrib.admin.models.LogEntryManager()),
                    ],
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
