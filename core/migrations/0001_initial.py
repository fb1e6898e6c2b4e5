"""The models that moved here from the project shell's app (khartoum): their state is
created here over the tables that app made, their content types (and so their permissions)
change app, then the tables take this app's names. An existing database keeps every row."""

import django.core.serializers.json
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MOVED = ['recordversion', 'revisionlogentry', 'stafflanguage', 'pendingchange']


def move_content_types(apps, schema_editor, source="khartoum", target="core"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=source, model__in=MOVED).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="core", target="khartoum")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("khartoum", "0008_pending_change"),
        ('admin', '0003_logentry_add_action_flag_choices'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('reversion', '0002_add_index_on_version_for_content_type_and_db'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='RecordVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveBigIntegerField(default=0, verbose_name='number')),
                        ('next_publication', models.DateTimeField(null=True, verbose_name='next scheduled publication')),
                    ],
                    options={
                        'db_table': 'khartoum_recordversion',
                        'verbose_name': 'record version',
                        'verbose_name_plural': 'record versions',
                    },
                ),
                migrations.CreateModel(
                    name='RevisionLogEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('log_entry', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='admin.logentry')),
                        ('revision', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='log_entries', to='reversion.revision')),
                    ],
                    options={
                        'db_table': 'khartoum_revisionlogentry',
                        'verbose_name': "revision's log entry",
                        'verbose_name_plural': "revisions' log entries",
                        'default_permissions': (),
                    },
                ),
                migrations.CreateModel(
                    name='StaffLanguage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('language', models.CharField(choices=[('en', 'English'), ('fr', 'Français'), ('ar', 'العربية')], max_length=10, verbose_name='language')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'db_table': 'khartoum_stafflanguage',
                        'verbose_name': 'language of a member of staff',
                        'verbose_name_plural': 'languages of staff',
                        'default_permissions': (),
                    },
                ),
                migrations.CreateModel(
                    name='PendingChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.CharField(max_length=191, verbose_name='item')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='waiting since')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                        ('description', models.TextField(verbose_name='what changes')),
                        ('rows', models.JSONField(encoder=django.core.serializers.json.DjangoJSONEncoder, verbose_name='changed rows')),
                        ('sent_back_note', models.TextField(blank=True, verbose_name='note from the publisher')),
                        ('sent_back_at', models.DateTimeField(blank=True, null=True, verbose_name='sent back')),
                        ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by')),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype', verbose_name='kind of item')),
                        ('sent_back_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='sent back by')),
                    ],
                    options={
                        'db_table': 'khartoum_pendingchange',
                        'verbose_name': 'pending change',
                        'verbose_name_plural': 'pending changes',
                        'ordering': ['created_at'],
                        'default_permissions': (),
                        'constraints': [models.UniqueConstraint(fields=('content_type', 'object_id'), name='one_pending_change_per_item')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
        migrations.AlterModelTable("recordversion", None),
        migrations.AlterModelTable("revisionlogentry", None),
        migrations.AlterModelTable("stafflanguage", None),
        migrations.AlterModelTable("pendingchange", None),
    ]
