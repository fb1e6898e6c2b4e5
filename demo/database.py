"""What the demo commands do to the database once their rows are in."""

from django.db import connection


def analyze():
    """Refresh the query planner's statistics on every table (SQLite and PostgreSQL alike).

    After a bulk load the planner must know how the rows are spread. Without statistics SQLite
    picks the documents' (status, date) index for a meeting page's documents and walks every
    published document, where the index on the meeting finds the few that belong to it.
    On PostgreSQL, VACUUM also marks the new rows visible in the visibility map, so the
    lists can page through their indexes without reading the table (index-only scans).
    """
    with connection.cursor() as cursor:
        # VACUUM cannot run inside a transaction (as in the tests); ANALYZE can.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
