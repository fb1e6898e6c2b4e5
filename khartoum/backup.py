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
    # Whatever a cache kept from before is not this record.
    from khartoum.record import record_changed

    record_changed()
    log(f"Restored the database and {len(manifest['files'])} files, each checked.")
    return manifest
