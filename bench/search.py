"""Search latency on a large record: full-text search against an indexed lookup and a list page.

Run with `make bench-search` (or `.venv/bin/python bench/search.py`). It makes a throwaway
PostgreSQL database, loads `--meetings` generated meetings (`manage.py generate_meetings`) and
tops the documents up to `--documents`, each with a language version whose text has the word
frequencies of real prose (Zipf's law over a vocabulary of the Process's words and filler
words), then indexes everything. In the same process and the same run it times, `--repeat`
times each, interleaved so that machine noise hits every side alike:

- the search page (/search/?q=…) for a rare word, a common word and a phrase,
- the documents list's search (/documents/?q=…) for the common word,
- the documents list page (/documents/) and the meeting list page (/meetings/),
- a plain lookup of a meeting by its slug (the unique index),

and prints the median and 95th percentile of each, and each one's ratio to the list page and
to the lookup. The lists' caches are off, so every request does its work. The database is
dropped unless --keep-db.
"""

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RARE = "zanzibarite"  # in a handful of files
PHRASE = "return and reintegration"  # in about one file in a hundred
PROCESS_WORDS = re.findall(
    r"\w+",
    "migration migrants return reintegration smuggling trafficking protection asylum "
    "border mobility refugees development cooperation capacity dialogue partners route "
    "Khartoum Process Horn Africa Europe member states commission action plan valletta "
    "labour remittances diaspora displacement readmission awareness campaign programme",
)
FILLER = re.findall(
    r"\w+",
    "the of and to in a is that for on with as by was at be this are from or have an they "
    "which one were their all there been has would more when will other its into than "
    "some could these two may first then do any like my now over such our man me even most "
    "made after also did many before must through back years where much your way well down "
    "should because each just those people how too little state good very make world still "
    "own see men work long get here between both life being under never day same another "
    "know while last might us great old year off come since against go came right used take",
)
WORDS_PER_FILE = 400


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30, help="timings of each (default 30)")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--keep-db", action="store_true")
    return parser.parse_args()


def vocabulary(rng):
    """Words ranked by frequency: the Process's words mixed into common filler, then a long
    tail of made-up rarer words."""
    words = FILLER[:40] + PROCESS_WORDS + FILLER[40:]
    syllables = re.findall(r"\w+", "ka ri mo te sa lu ne po di ga ve so ma ru ti la be")
    tail = {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(9000)}
    return words + sorted(tail)


def zipf_text(rng, words, weights, extra=""):
    text = rng.choices(words, weights=weights, k=WORDS_PER_FILE)
    if extra:
        text.insert(rng.randrange(len(text)), extra)
    return " ".join(text)


def load(args):
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from core.publishing import Status
    from core.search import reindex_all
    from documents.models import Document, DocumentFile, DocumentType
    from meetings.models import Meeting

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("generate_meetings", total=args.meetings, no_progress=True, verbosity=0)
    rng = random.Random(1)
    words = vocabulary(rng)
    weights = [1 / (rank + 1) ** 1.07 for rank in range(len(words))]
    meetings = list(Meeting.objects.values_list("pk", "start_date"))
    kind = DocumentType.objects.order_by("pk").first()
    missing = args.documents - Document.objects.count()
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, max(missing, 0), 1000):
            documents = Document.objects.bulk_create(
                Document(
                    title=f"Bench document {start + n}: {' '.join(rng.sample(PROCESS_WORDS, 3))}",
                    document_type=kind,
                    meeting_id=meeting,
                    date=day,
                    status=Status.PUBLISHED,
                )
                for n, (meeting, day) in enumerate(
                    rng.choice(meetings) for _ in range(min(1000, missing - start))
                )
            )
            DocumentFile.objects.bulk_create(
                DocumentFile(
                    document=document,
                    language="en",
                    file="documents/bench.pdf",
                    original_name="bench.pdf",
                    public_name=f"bench-{document.pk}.pdf",
                    size=1,
                    content_type="application/pdf",
                    sha256="0" * 64,
                    uploaded_at=now,
                    text=zipf_text(
                        rng,
                        words,
                        weights,
                        RARE if rng.random() < 0.0002 else PHRASE if rng.random() < 0.01 else "",
                    ),
                )
                for document in documents
            )
    # Every generated file gets text too, so the common word is common everywhere.
    for pk in DocumentFile.objects.filter(text="").values_list("pk", flat=True).iterator():
        DocumentFile.objects.filter(pk=pk).update(text=zipf_text(rng, words, weights))
    reindex_all(batch=2000)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    counts = Meeting.objects.count(), Document.objects.count(), DocumentFile.objects.count()
    print(
        f"Loaded {counts[0]} meetings, {counts[1]} documents, {counts[2]} files "
        f"in {time.monotonic() - started:.0f} s",
        flush=True,
    )


def measure(args):
    from django.test import Client

    from meetings.models import Meeting

    client = Client()
    slug = Meeting.objects.order_by("pk").values_list("slug", flat=True)[5000 % args.meetings]
    common = "migration"

    def get(url):
        def run():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return run

    def lookup():
        Meeting.objects.get(slug=slug)

    cases = {
        "lookup by slug": lookup,
        "meetings list page": get("/meetings/"),
        "documents list page": get("/documents/"),
        f"search rare word ({RARE})": get("/search/?" + urlencode({"q": RARE})),
        f"search common word ({common})": get("/search/?" + urlencode({"q": common})),
        f'search phrase ("{PHRASE}")': get("/search/?" + urlencode({"q": f'"{PHRASE}"'})),
        f"documents list ?q={common}": get("/documents/?" + urlencode({"q": common})),
    }
    timings = {name: [] for name in cases}
    for case in cases.values():  # warm up
        case()
    for _round in range(args.repeat):
        for name, case in cases.items():
            started = time.perf_counter()
            case()
            timings[name].append((time.perf_counter() - started) * 1000)
    return timings


def report(timings):
    def p95(values):
        return statistics.quantiles(values, n=20)[-1]

    medians = {name: statistics.median(values) for name, values in timings.items()}
    lookup = medians["lookup by slug"]
    list_page = medians["documents list page"]
    print()
    print("| what | median ms | p95 ms | × documents list page | × lookup by slug |")
    print("|---|---:|---:|---:|---:|")
    for name, values in timings.items():
        print(
            f"| {name} | {medians[name]:.1f} | {p95(values):.1f} | "
            f"{medians[name] / list_page:.2f} | {medians[name] / lookup:.0f} |"
        )


def main():
    args = parse_args()
    name = f"bench_search_{os.getpid()}"
    os.environ["DATABASE_URL"] = f"{args.postgres}/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khartoum.settings")
    import django
    import psycopg2

    admin = psycopg2.connect(f"{args.postgres}/postgres")
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    try:
        django.setup()
        from django.conf import settings

        # Every request does its work: no list cache, no query log.
        settings.CACHES["default"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
        settings.DEBUG = False
        settings.ALLOWED_HOSTS = ["testserver"]
        load(args)
        report(measure(args))
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep_db:
            print(f"Kept the database {name}")
        else:
            admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


if __name__ == "__main__":
    main()
