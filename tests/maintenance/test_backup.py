"""A backup restores: every record and every file (by checksum) comes back, on PostgreSQL and
the object store; a damaged backup or a system that is not empty is refused."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests import object_storage
from tests.factories import DocumentFileFactory, MeetingFactory, PhotoFactory
from tests.test_two_app_servers import POSTGRES, postgres

ROOT = Path(__file__).resolve().parents[2]
s3_endpoint = object_storage.s3_endpoint
s3_client = object_storage.s3_client
s3_bucket = object_storage.s3_bucket

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="backups are of PostgreSQL (set DATABASE_URL; CI does)",
    ),
]

TABLES = ["meetings_meeting", "meetings_photo", "documents_document", "documents_documentfile"]


def counts(cursor):
    result = {}
    for table in TABLES:
        cursor.execute(f"SELECT count(*) FROM {table}")
        result[table] = cursor.fetchone()[0]
    return result


def checksums(s3_client, bucket):
    import hashlib

    return {
        name: hashlib.sha256(s3_client.get_object(Bucket=bucket, Key=name)["Body"].read()).digest()
        for name in object_storage.object_names(s3_client, bucket)
    }


@pytest.fixture
def record(s3_bucket):
    meeting = MeetingFactory(title="Khartoum SOM in Asmara")
    DocumentFileFactory.create_batch(3)
    PhotoFactory(meeting=meeting)


@pytest.fixture
def empty_system(s3_client):
    """A new PostgreSQL database and bucket, for the restore."""
    server = postgres()
    server.autocommit = True
    name = f"restore_{uuid.uuid4().hex[:10]}"
    bucket = f"restore-{uuid.uuid4().hex[:10]}"
    s3_client.create_bucket(Bucket=bucket)
    with server.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name, bucket
    with server.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.close()


def restore_into(folder, database, bucket, s3_endpoint):
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")},
        "DATABASE_URL": f"{POSTGRES}/{database}",
        "DJANGO_S3_BUCKET": bucket,
        "DJANGO_S3_ENDPOINT_URL": s3_endpoint,
        "DJANGO_S3_REGION": "us-east-1",
        "DJANGO_S3_ACCESS_KEY_ID": object_storage.ACCESS["aws_access_key_id"],
        "DJANGO_S3_SECRET_ACCESS_KEY": object_storage.ACCESS["aws_secret_access_key"],
    }
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(folder)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_backup_restores_every_record_and_file(
    record, s3_bucket, s3_client, s3_endpoint, empty_system, tmp_path
):
    folder = tmp_path / "backup"
    call_command("backup", str(folder))
    manifest = json.loads((folder / "manifest.json").read_text())
    assert len(manifest["files"]) == 4  # three documents and a photo

    database, bucket = empty_system
    result = restore_into(folder, database, bucket, s3_endpoint)
    assert result.returncode == 0, result.stderr
    assert "each checked" in result.stdout

    import psycopg2

    with connection.cursor() as cursor:
        before = counts(cursor)
    with psycopg2.connect(f"{POSTGRES}/{database}") as restored, restored.cursor() as cursor:
        assert counts(cursor) == before
        cursor.execute("SELECT title FROM meetings_meeting ORDER BY id")
        assert ("Khartoum SOM in Asmara",) in cursor.fetchall()
    assert checksums(s3_client, bucket) == checksums(s3_client, s3_bucket)


def test_a_damaged_backup_is_refused(record, tmp_path):
    folder = tmp_path / "backup"
    call_command("backup", str(folder))
    damaged = next((folder / "media").rglob("*.pdf"))
    damaged.write_bytes(b"%PDF-1.4 not what was stored")
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(folder))


def test_a_restore_never_writes_over_a_record(record, tmp_path):
    folder = tmp_path / "backup"
    call_command("backup", str(folder))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(folder))


def test_a_backup_goes_to_a_new_folder(record, tmp_path):
    (tmp_path / "kept.txt").write_text("an earlier backup")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path))


def test_a_backup_goes_to_a_bucket_and_comes_back_checked(
    record, s3_client, s3_endpoint, tmp_path, monkeypatch
):
    from maintenance.backup import checked_manifest, fetch_from_bucket

    backups = f"backups-{uuid.uuid4().hex[:10]}"
    s3_client.create_bucket(Bucket=backups)
    monkeypatch.setenv("DJANGO_BACKUP_S3_ENDPOINT_URL", s3_endpoint)
    monkeypatch.setenv("DJANGO_BACKUP_S3_REGION", "us-east-1")
    monkeypatch.setenv("DJANGO_BACKUP_S3_ACCESS_KEY_ID", object_storage.ACCESS["aws_access_key_id"])
    monkeypatch.setenv(
        "DJANGO_BACKUP_S3_SECRET_ACCESS_KEY", object_storage.ACCESS["aws_secret_access_key"]
    )
    address = f"s3://{backups}/2026-12-04"
    call_command("backup", address)
    keys = object_storage.object_names(s3_client, backups)
    assert "2026-12-04/manifest.json" in keys and "2026-12-04/database.dump" in keys
    assert len([key for key in keys if key.startswith("2026-12-04/media/")]) == 4

    fetch_from_bucket(address, tmp_path / "fetched")
    assert len(checked_manifest(tmp_path / "fetched")["files"]) == 4
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", address)
