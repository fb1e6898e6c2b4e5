"""The models that moved here from the project shell's app (khartoum): their state is
created here over the tables that app made, their content types (and so their permissions)
change app, then the tables take this app's names. An existing database keeps every row."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MOVED = ['signin']


def move_content_types(apps, schema_editor, source="khartoum", target="accounts"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=source, model__in=MOVED).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="accounts", target="khartoum")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("khartoum", "0008_pending_change"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SignIn',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='when')),
                        ('username', models.CharField(blank=True, max_length=150, verbose_name='username given')),
                        ('successful', models.BooleanField(verbose_name='successful')),
                        ('locked_out', models.BooleanField(default=False, help_text='Refused for too many failures with this user name or from this address.', verbose_name='locked out')),
                        ('address', models.GenericIPAddressField(blank=True, null=True, verbose_name='client address')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'db_table': 'khartoum_signin',
                        'verbose_name': 'sign-in',
                        'verbose_name_plural': 'sign-ins',
                        'ordering': ['-at', '-id'],
                        'default_permissions': (),
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
        migrations.AlterModelTable("signin", None),
    ]
