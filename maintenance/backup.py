"""Backups that restore: the database and every stored file, with a manifest of checksums.

A backup is a folder: `database.dump` (pg_dump's custom format, taken in one transaction, so
consistent), `media/` with every object of the default storage (files on disk or in a
bucket), and `manifest.json` naming each file with its size and SHA-256. The database is
dumped before the files are copied: files are never overwritten (a new upload gets a new
name), so every file the dump refers to is there to copy.

A restore checks the backup against its manifest first, refuses a system that is not empty,
then loads the database, writes every file, and reads each one back to check its checksum.
"""

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

CHUNK = 1024 * 1024
MANIFEST = "manifest.json"
DATABASE_FILE = "database.dump"


def sha256_of(fileobj):
    digest = hashlib.sha256()
    while chunk := fileobj.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def stored_names(storage=default_storage, folder=""):
    """Every file name in the storage, folders walked."""
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        yield str(PurePosixPath(folder, name)) if folder else name
    for sub in sorted(folders):
        yield from stored_names(storage, str(PurePosixPath(folder, sub)) if folder else sub)


def postgres_environment():
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise CommandError("Backups and restores need PostgreSQL (DATABASE_URL).")
    env = {**os.environ, "PGDATABASE": database["NAME"], "PGUSER": database["USER"] or ""}
    if database.get("HOST"):
        env["PGHOST"] = database["HOST"]
    if database.get("PORT"):
        env["PGPORT"] = str(database["PORT"])
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return env


def backup(folder, log=print):
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise CommandError(f"{folder} is not empty: a backup goes to a new folder.")
    env = postgres_environment()
    (folder / "media").mkdir(parents=True)
    database = folder / DATABASE_FILE
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", database],
        env=env,
        check=True,
    )
    files = {}
    for name in stored_names():
        target = folder / "media" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, target.open("wb") as copy:
            shutil.copyfileobj(source, copy, CHUNK)
        with target.open("rb") as copy:
            files[name] = {"size": target.stat().st_size, "sha256": sha256_of(copy)}
    with database.open("rb") as dump:
        dumped = {"size": database.stat().st_size, "sha256": sha256_of(dump)}
    manifest = {
        "made_at": timezone.now().isoformat(),
        "database": {"file": DATABASE_FILE, **dumped},
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    log(f"Backed up the database and {len(files)} files to {folder}.")
    return manifest


def checked_manifest(folder):
    """The backup's manifest, once every file in it is found with its checksum."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise CommandError(f"No readable {MANIFEST} in {folder}: {error}") from None
    expected = {DATABASE_FILE: manifest["database"]["sha256"]}
    expected.update({f"media/{name}": facts["sha256"] for name, facts in manifest["files"].items()})
    for relative, digest in expected.items():
        path = folder / relative
        if not path.is_file():
            raise CommandError(f"The backup lacks {relative}.")
        with path.open("rb") as stored:
            if sha256_of(stored) != digest:
                raise CommandError(f"{relative} does not match its checksum in the manifest.")
    return manifest


def restore(folder, log=print):
    folder = Path(folder)
    manifest = checked_manifest(folder)
    env = postgres_environment()
    if connection.introspection.table_names():
        raise CommandError("The database is not empty: restore into a new, empty database.")
    taken = [name for name in manifest["files"] if default_storage.exists(name)]
    if taken:
        raise CommandError(f"The storage already holds {taken[0]}: restore into an empty one.")
    subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--dbname",
         env["PGDATABASE"], folder / DATABASE_FILE],
        env=env,
        check=True,
    )  # fmt: skip
    for name, facts in manifest["files"].items():
        with (folder / "media" / name).open("rb") as source:
            saved = default_storage.save(name, File(source, name=name))
        if saved != name:
            raise CommandError(f"{name} was stored as {saved}.")
        with default_storage.open(name, "rb") as stored:
            if sha256_of(stored) != facts["sha256"]:
                raise CommandError(f"{name} was not stored intact.")
    connection.close()
    # Whatever a cache holds from before is not this record.
    from core.record_version import record_changed

    record_changed()
    log(f"Restored the database and {len(manifest['files'])} files, each checked.")
    return manifest


# A bucket (s3://bucket/prefix) instead of a folder --------------------------------------

BUCKET_SCHEME = "s3://"


def is_bucket_address(address):
    return str(address).startswith(BUCKET_SCHEME)


def bucket_and_prefix(address):
    bucket, _, prefix = str(address)[len(BUCKET_SCHEME) :].partition("/")
    prefix = prefix.strip("/")
    if not bucket or not prefix:
        raise CommandError(
            "A backup in a bucket is named s3://bucket/prefix (a prefix of its own)."
        )
    return bucket, prefix


def backup_client():
    """The backups' bucket: DJANGO_BACKUP_S3_* variables, else the media's DJANGO_S3_* ones
    (each unset one left to boto3's own configuration)."""
    import boto3

    def setting(name):
        return os.environ.get(f"DJANGO_BACKUP_S3_{name}") or os.environ.get(f"DJANGO_S3_{name}")

    return boto3.client(
        "s3",
        endpoint_url=setting("ENDPOINT_URL"),
        region_name=setting("REGION"),
        aws_access_key_id=setting("ACCESS_KEY_ID"),
        aws_secret_access_key=setting("SECRET_ACCESS_KEY"),
    )


def backup_to_bucket(address, log=print):
    """The backup made in a temporary folder, then copied under the prefix, the manifest
    last: a copy cut short has no manifest, and `restore` refuses it."""
    import tempfile

    bucket, prefix = bucket_and_prefix(address)
    client = backup_client()
    if client.list_objects_v2(Bucket=bucket, Prefix=prefix + "/", MaxKeys=1).get("KeyCount"):
        raise CommandError(f"{address} is not empty: a backup goes to a new prefix.")
    with tempfile.TemporaryDirectory(prefix="khartoum-backup-") as tmp:
        folder = Path(tmp) / "backup"
        manifest = backup(folder, log=lambda message: None)
        paths = sorted(
            path for path in folder.rglob("*") if path.is_file() and path.name != MANIFEST
        )
        for path in [*paths, folder / MANIFEST]:
            client.upload_file(str(path), bucket, f"{prefix}/{path.relative_to(folder).as_posix()}")
    log(f"Backed up the database and {len(manifest['files'])} files to {address}.")
    return manifest


def fetch_from_bucket(address, folder):
    """Copy a backup from its bucket into `folder` (checked against its manifest after)."""
    bucket, prefix = bucket_and_prefix(address)
    client = backup_client()
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix + "/")
    for page in pages:
        for item in page.get("Contents", []):
            target = Path(folder) / item["Key"][len(prefix) + 1 :]
            target.parent.mkdir(parents=True, exist_ok=True)
            client.download_file(bucket, item["Key"], str(target))


def restore_from_bucket(address, log=print):
    import tempfile

    with tempfile.TemporaryDirectory(prefix="khartoum-restore-") as tmp:
        fetch_from_bucket(address, tmp)
        return restore(tmp, log=log)
