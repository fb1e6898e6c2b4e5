"""When each document was first public, for email alerts.

What is published already is stamped with its publication time, or when it was created: it
is the back catalogue, which no alert tells of. A scheduled document is stamped with its time
to come, and is new then.
"""

from django.db import migrations, models
from django.db.models.functions import Coalesce


def stamp_published(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    Document.objects.filter(status="published", first_public_at__isnull=True).update(
        first_public_at=Coalesce("publish_at", "created_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0007_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="first_public_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="first public at"
            ),
        ),
        migrations.RunPython(stamp_published, migrations.RunPython.noop, elidable=True),
    ]
