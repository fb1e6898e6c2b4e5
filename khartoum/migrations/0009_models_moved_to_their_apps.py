"""The models move to the apps that own them (core, accounts, secretariat): their state
leaves this app, their tables stay, and those apps' first migrations take them over."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('khartoum', '0008_pending_change'),
        ('core', '0001_initial'),
        ('accounts', '0001_initial'),
        ('secretariat', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='pendingchange',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='pendingchange',
                    name='content_type',
                ),
                migrations.RemoveField(
                    model_name='pendingchange',
                    name='sent_back_by',
                ),
                migrations.DeleteModel(
                    name='RecordVersion',
                ),
                migrations.RemoveField(
                    model_name='revisionlogentry',
                    name='log_entry',
                ),
                migrations.RemoveField(
                    model_name='revisionlogentry',
                    name='revision',
                ),
                migrations.RemoveField(
                    model_name='signin',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='stafflanguage',
                    name='user',
                ),
                migrations.DeleteModel(
                    name='AuditLog',
                ),
                migrations.DeleteModel(
                    name='PendingChange',
                ),
                migrations.DeleteModel(
                    name='RevisionLogEntry',
                ),
                migrations.DeleteModel(
                    name='SignIn',
                ),
                migrations.DeleteModel(
                    name='StaffLanguage',
                ),
            ],
        ),
    ]
