"""Full-text search: each language version's text, the documents' search vectors and their GIN
index (PostgreSQL only; the text search configurations come with meetings' 0006)."""

import django.contrib.postgres.search
from django.db import migrations, models


def on_postgresql(sql):
    """Run `sql` on PostgreSQL; SQLite (development) searches without it."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0006_officer_data"),
        ("meetings", "0007_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="documentfile",
            name="text",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="The file's words, read when it was uploaded, for search.",
                verbose_name="text",
            ),
        ),
        migrations.RunPython(
            on_postgresql(
                "CREATE INDEX document_search ON documents_document USING gin (search_vector);"
            ),
            on_postgresql("DROP INDEX IF EXISTS document_search;"),
        ),
    ]
