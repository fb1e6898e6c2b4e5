"""Every language version gets a public file name: the name its file is served under today
when that name is safe, so existing links keep working; otherwise a clean name, and the old
address redirects to it (the download view finds it by the file's original name)."""

import os
import re

from django.db import migrations, models
from django.utils.text import slugify

# As in documents.models at the time of this migration.
PUBLIC_NAME = re.compile(r"[^\W_][\w-]*(\.[\w-]+)*\.[^\W_]+")


def default_public_name(document, language, extension):
    # Signs between words (“KP/SOM/2017/1”) separate them, as spaces do.
    words = re.sub(r"[^\w]+", " ", f"{document.reference} {document.title}")
    stem = slugify(words, allow_unicode=True)
    stem = stem[:120].rsplit("-", 1)[0] if len(stem) > 120 else stem
    stem = stem.strip("-_") or "document"
    return f"{stem}-{language}{extension.lower()}"


def name_files(apps, schema_editor):
    DocumentFile = apps.get_model("documents", "DocumentFile")
    taken = set()
    for version in DocumentFile.objects.select_related("document").order_by("document", "id"):
        extension = os.path.splitext(version.file.name)[1].lower()
        name = version.original_name
        if not (
            PUBLIC_NAME.fullmatch(name)
            and len(name) <= 200
            and name.lower().endswith(extension)
        ):
            name = default_public_name(version.document, version.language, extension)
        stem, ext = os.path.splitext(name)
        candidate, number = name, 2
        while (version.document_id, candidate) in taken:
            candidate, number = f"{stem}-{number}{ext}", number + 1
        taken.add((version.document_id, candidate))
        version.public_name = candidate
        version.save(update_fields=["public_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0005_officer"),
    ]

    operations = [
        migrations.RunPython(name_files, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="documentfile",
            constraint=models.UniqueConstraint(
                fields=("document", "public_name"),
                name="unique_public_name_per_document",
                violation_error_message=(
                    "Another language version of this document has this file name."
                ),
            ),
        ),
    ]
