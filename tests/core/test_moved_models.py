"""The models that left the project shell's app for the apps that own them (core, accounts,
secretariat): an existing database upgrades with `migrate` alone and keeps every row."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.timezone import now

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("khartoum", "0008_pending_change"),
    ("core", None),
    ("accounts", None),
    ("secretariat", None),
]
MOVED = {
    "khartoum.RecordVersion": "core.RecordVersion",
    "khartoum.StaffLanguage": "core.StaffLanguage",
    "khartoum.RevisionLogEntry": "core.RevisionLogEntry",
    "khartoum.PendingChange": "core.PendingChange",
    "khartoum.SignIn": "accounts.SignIn",
}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor.migrate(targets).apps


def rows(apps, label):
    model = apps.get_model(label)
    return sorted(model.objects.values(), key=lambda row: row["id"])


def fill_the_record_as_it_was(apps):
    User = apps.get_model("auth.User")
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    LogEntry = apps.get_model("admin.LogEntry")
    Revision = apps.get_model("reversion.Revision")

    officer = User.objects.create(username="officer", is_staff=True)
    audit, _ = ContentType.objects.get_or_create(app_label="khartoum", model="auditlog")
    view_audit, _ = Permission.objects.get_or_create(
        content_type=audit, codename="view_auditlog", defaults={"name": "Can view audit log"}
    )
    Group.objects.create(name="Auditors").permissions.add(view_audit)
    apps.get_model("khartoum.RecordVersion").objects.create(number=41)
    apps.get_model("khartoum.StaffLanguage").objects.create(user=officer, language="fr")
    apps.get_model("khartoum.SignIn").objects.create(
        username="officer", user=officer, successful=False, locked_out=True, address="192.0.2.7"
    )
    entry = LogEntry.objects.create(
        user=officer,
        action_flag=2,
        action_time=now(),
        object_repr="1st Thematic Meeting",
        change_message="[]",
    )
    revision = Revision.objects.create(comment="Changed.", user=officer, date_created=now())
    apps.get_model("khartoum.RevisionLogEntry").objects.create(revision=revision, log_entry=entry)
    group_type, _ = ContentType.objects.get_or_create(app_label="auth", model="group")
    apps.get_model("khartoum.PendingChange").objects.create(
        content_type=group_type,
        object_id="1",
        author=officer,
        description="Title: A → B",
        rows={"add": [], "change": [{"model": "auth.group", "pk": 1}], "delete": []},
        sent_back_note="Please check the date.",
    )
    return view_audit.pk


def test_an_existing_database_keeps_every_row_and_permission():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    old = migrate(BEFORE)
    permission = fill_the_record_as_it_was(old)
    before = {label: rows(old, label) for label in MOVED}

    new = migrate(latest)

    for old_label, new_label in MOVED.items():
        assert rows(new, new_label) == before[old_label], new_label
        with connection.cursor() as cursor:
            assert new.get_model(new_label)._meta.db_table in connection.introspection.table_names(
                cursor
            )
    # The permission is the same row, now the secretariat's: the groups that hold it keep it.
    Permission = new.get_model("auth.Permission")
    moved = Permission.objects.get(pk=permission)
    assert (moved.content_type.app_label, moved.codename) == ("secretariat", "view_auditlog")
    assert moved.group_set.filter(name="Auditors").exists()
    ContentType = new.get_model("contenttypes.ContentType")
    assert not ContentType.objects.filter(app_label="khartoum").exists()
