"""Full-text search: accents folded by `unaccent`, text search configurations that use it,
the meetings' and conclusions' search vectors and their GIN indexes (PostgreSQL only)."""

import django.contrib.postgres.search
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

# English and French stem their words; "simple" only folds case (any other language). Each
# folds accents before, so that "réintégration" and "reintegration" are the same word.
CONFIGURATIONS = {
    "khartoum_english": "english",
    "khartoum_french": "french",
    "khartoum_simple": "simple",
}
CREATE = """
CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {parser});
ALTER TEXT SEARCH CONFIGURATION {name}
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {dictionary};
"""
INDEXES = {
    "meeting_search": "meetings_meeting",
    "conclusion_search": "meetings_conclusion",
}


def on_postgresql(sql):
    """Run `sql` on PostgreSQL; SQLite (development) searches without it."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


def create_configurations():
    return "".join(
        CREATE.format(
            name=name,
            parser=parser,
            dictionary="simple" if parser == "simple" else f"{parser}_stem",
        )
        for name, parser in CONFIGURATIONS.items()
    )


def drop_configurations():
    return "".join(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name};" for name in CONFIGURATIONS)


def create_indexes():
    return "".join(
        f"CREATE INDEX {name} ON {table} USING gin (search_vector);"
        for name, table in INDEXES.items()
    )


def drop_indexes():
    return "".join(f"DROP INDEX IF EXISTS {name};" for name in INDEXES)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0006_calendar_sequence"),
    ]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(
            on_postgresql(create_configurations()), on_postgresql(drop_configurations())
        ),
        migrations.AddField(
            model_name="conclusion",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="meeting",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(on_postgresql(create_indexes()), on_postgresql(drop_indexes())),
    ]
