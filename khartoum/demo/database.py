"""What the demo commands do to the database once their rows are in."""

from django.db import connection


def analyze():
    """Refresh the query planner's statistics on every table (SQLite and PostgreSQL alike).

    After a bulk load the planner must know how the rows are spread. Without statistics SQLite
    picks the documents' (status, date) index for a meeting page's documents and walks every
    published document, where the index on the meeting finds the few that belong to it.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
