"""The speed figures of the production issue, measured as ratios in one run.

Run with `make bench` (or `.venv/bin/python bench/issue_figures.py`). For each record size
(default 1,000 and 10,000 meetings, grown from the demo content with `generate_meetings`, as
bench/list_pages.py does, in throwaway PostgreSQL databases) it starts two gunicorns on the
same database and Redis: one with the anonymous page cache off (every page rendered afresh; the
list counts still cached under the record's version, as behind a cache miss in production)
and one with it on. Load comes from `wrk` on loopback (4 connections, 2 threads); each
target is measured right after its baseline, the order alternating from round to round and
sizes side by side, so the shared machine's noise hits both sides alike. It prints:

1. the meetings list with every filter set, rendered afresh, ÷ a minimal view (same gunicorn);
2. the same page from the shared cache (Redis) ÷ the minimal view;
3. SQL queries per page (the filtered list, a meeting page, the documents' first and last
   page), counts cache cold and warm;
4. the documents list's last page ÷ its first page, in time per request;
5. at the largest size, a search for a common word (in half the documents, see
   `WORD_SHARES` in demo/generator.py) ÷ the meetings list, in time per request,
   on a third gunicorn that keeps nothing in its cache (every request does all its work);
6. through nginx (the site's configuration from `manage.py nginx_config`, files on local
   disk) in front of a fourth gunicorn configured for production (page cache on, downloads
   handed to nginx with X-Accel-Redirect): (a) a checked download of a large PDF ÷ nginx
   sending the same file from the static files, in throughput; (b) the meetings list's
   throughput while 8 visitors download the large PDF (curl, each limited to
   --download-rate, as visitors on fast connections) ÷ without them, and (c) the same with
   the downloads as fast as loopback allows;
7. a conditional request answered 304 ÷ the full render of the page, in throughput;
8. each public page's HTML size, plain and gzipped (as the page cache sends it);

and a profile (cProfile) of the filtered list page rendered afresh at the largest size.

A quick run: `python issue_figures.py --sizes 300 --rounds 2` (about two minutes), or
`make bench FIGURES="--sizes 300 --rounds 2"`. At the default sizes (1,000 and 10,000
meetings, about ten documents each) it takes some seven minutes, `make bench` fifteen.
"""

import argparse
import cProfile
import hashlib
import http.client
import io
import os
import pstats
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from gunicorn_site import (
    configure_environment,
    free_port,
    start_server,
    stop_server,
    wait_until_ready,
)
from list_pages import (
    close_connections,
    create_database,
    drop_database,
    grow_record,
    meeting_count,
    set_up_site,
    use_database,
)
from nginx_site import (
    ACCEL_PREFIX,
    BackgroundDownloads,
    add_large_document,
    start_nginx,
    stop_nginx,
    wait_for_nginx,
)

MINIMAL = "/bench/minimal/"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--seconds", type=float, default=1.0, help="one wrk measurement")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--search-seconds", type=float, default=5.0, help="one measurement of figure (5)"
    )
    parser.add_argument("--download-mb", type=int, default=20, help="the large PDF's size")
    parser.add_argument("--downloads", type=int, default=8, help="downloads under way in (6b)")
    parser.add_argument(
        "--download-rate", default="10M", help="each download's speed in (6b), as curl reads it"
    )
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    args.sizes = sorted(int(size) for size in args.sizes.split(","))
    return args


def all_filters():
    """Every filter of the meetings list set, to values that find a meeting."""
    from meetings.models import Meeting, Participant

    participant = (
        Participant.objects.filter(
            meeting__in=Meeting.objects.published(), organisation__isnull=False
        )
        .select_related("meeting__meeting_type")
        .order_by("meeting__start_date", "id")
        .first()
    )
    meeting = participant.meeting
    word = max(re.findall(r"\w{5,}", meeting.title), key=len)
    return {
        "q": word,
        "type": meeting.meeting_type.slug,
        "year": meeting.start_date.year,
        "host_country": meeting.host_country,
        "organisation": participant.organisation_id,
    }, meeting


def pages():
    import math

    from django.urls import resolve

    from documents.models import Document

    query, meeting = all_filters()
    documents = Document.objects.published()
    per_page = resolve("/documents/").func.view_class.paginate_by
    last = max(1, math.ceil(documents.count() / per_page))
    return {
        "list, all filters": f"/meetings/?{urlencode(query)}",
        "meeting page": meeting.get_absolute_url(),
        "documents, first page": "/documents/",
        "documents, last page": f"/documents/?page={last}",
        "home": "/",
        "meetings list": "/meetings/",
        "search": f"/search/?q={query['q']}",
    }


def queries_per_page(paths):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from core import record_version as record

    counts = {}
    with override_settings(PAGE_CACHE_SECONDS=0, ALLOWED_HOSTS=["testserver", "127.0.0.1"]):
        client = Client()
        for label in [
            "list, all filters",
            "meeting page",
            "documents, first page",
            "documents, last page",
        ]:
            # A record version never used before, and its next publication unknown: every
            # entry the page would read from the cache is missing (without emptying Redis).
            cache.delete_many([record.VERSION_KEY, record.NEXT_KEY])
            with CaptureQueriesContext(connection) as cold:
                assert client.get(paths[label]).status_code == 200
            with CaptureQueriesContext(connection) as warm:
                assert client.get(paths[label]).status_code == 200
            counts[label] = (reads(cold), len(cold) - reads(cold), len(warm))
    return counts


TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK"}


def reads(captured):
    """The statements that read or write rows: a search's transaction and its planner
    setting (search.matches_from_index) are counted apart."""
    return sum(
        1
        for query in captured
        if query["sql"].split()[0] not in TRANSACTION_CONTROL and "set_config" not in query["sql"]
    )


def profile(path):
    from django.test import Client
    from django.test.utils import override_settings

    with override_settings(PAGE_CACHE_SECONDS=0, ALLOWED_HOSTS=["testserver"]):
        client = Client()
        client.get(path)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(20):
            client.get(path)
        profiler.disable()
    stats = pstats.Stats(profiler)
    total = max(entry[3] for entry in stats.stats.values())  # the 20 requests, end to end

    def cumulative(file_pattern, name_pattern):
        return sum(
            entry[3]
            for (file, line, name), entry in stats.stats.items()
            if re.search(file_pattern, file) and re.fullmatch(name_pattern, name)
        )

    parts = {
        "rendering the template (TemplateResponse.rendered_content)": cumulative(
            r"django/template/response\.py", "rendered_content"
        ),
        "total and facet counts (FacetedFilterSet.counts)": cumulative(
            r"core/filtering\.py", "counts"
        ),
        "list counts (list_counts)": cumulative(r"core/views\.py", "list_counts"),
        "SQL (CursorWrapper._execute, driver included)": cumulative(
            r"django/db/backends/utils\.py", "_execute"
        ),
        "cache reads and writes (django/core/cache, redis)": cumulative(
            r"django/core/cache/backends/redis\.py", "get|get_many|set|set_many"
        ),
    }
    out = io.StringIO()
    print(f"Share of the time of 20 renders of {path} ({total / 20 * 1000:.1f} ms each):", file=out)
    for label, seconds in parts.items():
        print(f"  {label}: {seconds / total:.0%}", file=out)
    print("Top functions by cumulative time:", file=out)
    listing = io.StringIO()
    pstats.Stats(profiler, stream=listing).sort_stats("cumulative").print_stats(25)
    print(
        "\n".join(line for line in listing.getvalue().splitlines() if line.strip())[-4000:],
        file=out,
    )
    return out.getvalue()


def wrk(port, path, headers, *, seconds):
    # wrk gives up on an answer after 2 s by default; a search rendered afresh at the largest size,
    # queued behind three others on two workers, takes longer.
    command = ["wrk", "--threads=2", "--connections=4", "--timeout=60s"]
    command.append(f"--duration={max(1, round(seconds))}s")
    for header in headers:
        command += ["--header", header]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if bad:
        raise RuntimeError(f"{path}: {bad.group(1)} answers not 2xx/3xx")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    if not rate:
        raise RuntimeError(f"{path}: no answer within {seconds:g} s")
    return rate


def get(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def check_downloads(app_port, nginx_port, download, static, digest):
    """The app server hands the download to nginx; nginx sends both paths' bytes whole."""
    status, headers, body = get(app_port, download)
    assert status == 200 and headers.get("X-Accel-Redirect", "").startswith(ACCEL_PREFIX), (
        status,
        headers,
    )
    assert not body, "the app server sent the file itself"
    for path in [download, static]:
        status, headers, body = get(nginx_port, path)
        assert status == 200 and hashlib.sha256(body).hexdigest() == digest, (path, status)
    # The internal location's headers: the bytes came through X-Accel-Redirect.
    _, headers, _ = get(nginx_port, download)
    assert headers.get("Content-Security-Policy") == "default-src 'none'", headers


def list_beside_downloads(port, download, args, rate, tmp, *, with_first):
    """The meetings list's throughput while `args.downloads` downloads run ÷ without them;
    returns (ratio, bytes the downloads completed)."""

    def with_downloads():
        downloads = BackgroundDownloads(
            f"http://127.0.0.1:{port}{download}", args.downloads, rate, tmp
        )
        try:
            time.sleep(0.5)  # every download under way
            rps = wrk(port, "/meetings/", [], seconds=args.seconds)
            if downloads.failed():
                raise RuntimeError(f"a background download failed: {downloads.failed()}")
        finally:
            received = downloads.stop()
        return rps, received

    if with_first:
        (loaded, received), alone = (
            with_downloads(),
            wrk(port, "/meetings/", [], seconds=args.seconds),
        )
    else:
        alone, (loaded, received) = (
            wrk(port, "/meetings/", [], seconds=args.seconds),
            with_downloads(),
        )
    return loaded / alone, received


def main():
    args = parse_args()
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    tmp = Path(tempfile.mkdtemp(prefix="khartoum-figures-"))
    run_id = os.urandom(4).hex()
    databases = {size: f"khartoum_figures_{run_id}_{size}" for size in args.sizes}
    prefix = f"khartoum-figures-{run_id}"
    configure_environment(
        tmp,
        database_url=f"{args.postgres}/{databases[args.sizes[0]]}",
        settings_module="bench.settings",
        conn_max_age=3600,
    )
    # The queries are counted in this process as in production: the cache and the record's
    # version in Redis, under a prefix of this run's own.
    os.environ["REDIS_URL"] = args.redis
    os.environ["DJANGO_CACHE_KEY_PREFIX"] = f"khartoum-figures-{run_id}-here"
    servers = []
    nginx = None
    try:
        create_database(args.postgres, databases[args.sizes[0]])
        set_up_site()
        paths, queries = {}, {}
        previous = None
        for size in args.sizes:
            if previous is not None:
                close_connections()
                create_database(args.postgres, databases[size], template=databases[previous])
                use_database(databases[size])
            began = time.monotonic()
            grow_record(size)
            print(f"{meeting_count():,} meetings ({time.monotonic() - began:.0f} s)", flush=True)
            if size == args.sizes[-1]:
                download, static, digest = add_large_document(args.download_mb)
            paths[size] = pages()
            queries[size] = queries_per_page(paths[size])
            previous = size
        profile_summary = profile(paths[args.sizes[-1]]["list, all filters"])
        close_connections()

        log = (tmp / "gunicorn.log").open("wb")  # noqa: SIM115 - closed with the folder
        ports = {}
        largest = args.sizes[-1]
        for size in args.sizes:
            kinds = [("fresh", {"DJANGO_PAGE_CACHE_SECONDS": "0"})]
            kinds += [("cached", {"DJANGO_PAGE_CACHE_SECONDS": "600"})]
            if size == largest:
                kinds += [
                    # (5): no cache at all, not even for the record's version.
                    ("uncached", {"DJANGO_BENCH_NO_CACHE": "1", "REDIS_URL": ""}),
                    # (6): behind nginx, configured for production.
                    ("accel", {"DJANGO_DOWNLOADS_X_ACCEL_PREFIX": ACCEL_PREFIX}),
                ]
            for kind, settings in kinds:
                port = free_port()
                environment = {
                    "DATABASE_URL": f"{args.postgres}/{databases[size]}",
                    "REDIS_URL": args.redis,
                    "DJANGO_CACHE_KEY_PREFIX": f"{prefix}-{size}-{kind}",
                    "DJANGO_PAGE_CACHE_SECONDS": "600",
                    **settings,
                }
                servers.append(start_server(port, args.workers, log, environment))
                ports[size, kind] = port
        for server, port in zip(servers, ports.values(), strict=True):
            wait_until_ready(server, port)
        nginx_port = free_port()
        nginx = start_nginx(
            tmp / "nginx",
            nginx_port,
            ports[largest, "accel"],
            {"DJANGO_DOWNLOADS_X_ACCEL_PREFIX": ACCEL_PREFIX},
        )
        wait_for_nginx(nginx, nginx_port)
        check_downloads(ports[largest, "accel"], nginx_port, download, static, digest)
        from demo.generator import WORD_SHARES

        word = next(iter(WORD_SHARES))  # the common one
        search_path = f"/search/?{urlencode({'q': word})}"
        for path in [search_path, "/meetings/", "/documents/"]:
            status, _, _ = get(ports[largest, "uncached"], path)
            assert status == 200, ("uncached", path, status)

        sizes_gz = {}
        etags = {}
        for size in args.sizes:
            for path in [MINIMAL, *paths[size].values()]:
                for kind in ["fresh", "cached"]:
                    status, _, _ = get(ports[size, kind], path)
                    assert status == 200, (size, kind, path, status)
            for label, path in paths[size].items():
                _, headers, plain = get(ports[size, "cached"], path)
                _, headers, packed = get(ports[size, "cached"], path, {"Accept-Encoding": "gzip"})
                sizes_gz[size, label] = (len(plain), len(packed), headers.get("Content-Encoding"))
                etags[size, label] = headers.get("ETag")

        samples = {size: {name: [] for name in ["1", "2", "4", "7"]} for size in args.sizes}
        samples[largest].update({name: [] for name in ["5", "5d", "5w", "6a", "6b", "6c"]})
        downloaded = {"6b": 0, "6c": 0}
        rates = {name: ([], []) for name in ["5", "5d", "6a"]}  # each side's requests a second
        print("Measuring", flush=True)
        for number in range(args.rounds):
            for size in args.sizes:
                fresh, cached = ports[size, "fresh"], ports[size, "cached"]
                listing = paths[size]["list, all filters"]
                first, last = (
                    paths[size]["documents, first page"],
                    paths[size]["documents, last page"],
                )
                not_modified = [f"If-None-Match: {etags[size, 'list, all filters']}"]
                # (target, baseline), each (port, path, headers)
                pairs = {
                    "1": ((fresh, listing, []), (fresh, MINIMAL, [])),
                    "2": ((cached, listing, []), (cached, MINIMAL, [])),
                    # time per request of the last page ÷ the first's = first's rps ÷ last's
                    "4": ((fresh, first, []), (fresh, last, [])),
                    "7": ((cached, listing, not_modified), (fresh, listing, [])),
                }
                if size == largest:
                    uncached = ports[size, "uncached"]
                    # Time per request of the search ÷ the list's = the list's rps ÷ the search's.
                    pairs["5"] = ((uncached, "/meetings/", []), (uncached, search_path, []))
                    pairs["5d"] = ((uncached, "/documents/", []), (uncached, search_path, []))
                    # As a visitor with a session meets them: counts and ranked pages cached
                    # per record version (each list's and the search's), no page cache.
                    pairs["5w"] = ((fresh, "/meetings/", []), (fresh, search_path, []))
                    pairs["6a"] = ((nginx_port, download, []), (nginx_port, static, []))
                seconds = {
                    name: args.search_seconds if name.startswith("5") else args.seconds
                    for name in pairs
                }
                for name, (target, baseline) in pairs.items():
                    if number % 2:
                        a = wrk(*target, seconds=seconds[name])
                        b = wrk(*baseline, seconds=seconds[name])
                    else:
                        b = wrk(*baseline, seconds=seconds[name])
                        a = wrk(*target, seconds=seconds[name])
                    samples[size][name].append(a / b)
                    if size == largest and name in rates:
                        rates[name][0].append(a)
                        rates[name][1].append(b)
                if size == largest:
                    for name, rate in [("6b", args.download_rate), ("6c", None)]:
                        ratio, received = list_beside_downloads(
                            nginx_port, download, args, rate, tmp, with_first=number % 2
                        )
                        samples[size][name].append(ratio)
                        downloaded[name] += received
            print(f"  round {number + 1} of {args.rounds}", flush=True)
    finally:
        if nginx is not None:
            stop_nginx(nginx)
        for server in servers:
            stop_server(server)
        close_connections()
        try:
            import redis

            client = redis.Redis.from_url(args.redis)
            keys = list(client.scan_iter(match=f"{prefix}*"))
            if keys:
                client.delete(*keys)
        except Exception as error:
            print(f"Cache keys {prefix}* may be left: {error}", file=sys.stderr)
        for name in databases.values():
            drop_database(args.postgres, name)
        shutil.rmtree(tmp, ignore_errors=True)

    names = {
        "1": "(1) list, all filters, rendered afresh ÷ minimal view (goal ≥ 0.1)",
        "2": "(2) the same page from the shared cache (Redis) ÷ minimal view (goal ≥ 0.8)",
        "4": "(4) documents' last page ÷ first page, time per request (goal ≤ 1.5)",
        "7": "(7) 304 to If-None-Match ÷ full render, throughput (goal ≥ 3)",
    }
    print(
        f"\nMedian of {args.rounds} rounds of {args.seconds:g} s (wrk, 4 connections), "
        f"gunicorn {args.workers} sync workers, min–max in brackets:\n"
    )
    print("| figure | " + " | ".join(f"{size:,} meetings" for size in args.sizes) + " |")
    print("|---|" + "---:|" * len(args.sizes))
    for name, title in names.items():
        cells = [
            f"{statistics.median(samples[size][name]):.3g} "
            f"({min(samples[size][name]):.3g}–{max(samples[size][name]):.3g})"
            for size in args.sizes
        ]
        print(f"| {title} | " + " | ".join(cells) + " |")
    largest = args.sizes[-1]
    print(f"\nAt {largest:,} meetings ({args.rounds} rounds, median (min–max)):\n")
    print("| figure | ratio |")
    print("|---|---:|")
    rate = args.download_rate
    for name, title in {
        "5": f"(5) search for “{word}” ÷ meetings list, time per request, nothing cached "
        "(goal ≤ 2)",
        "5d": "(5) the same search ÷ documents list, time per request, nothing cached",
        "5w": "(5) the same search ÷ meetings list, time per request, counts and pages cached "
        "per record version (no page cache)",
        "6a": f"(6a) checked download through nginx (X-Accel-Redirect) ÷ nginx static, "
        f"{args.download_mb} MB PDF, throughput (goal ≥ 0.8)",
        "6b": f"(6b) meetings list through nginx while {args.downloads} downloads of the PDF run "
        f"at {rate}B/s each ÷ without them, throughput (goal ≥ 0.7)",
        "6c": f"(6c) the same, the {args.downloads} downloads as fast as loopback allows",
    }.items():
        values = samples[largest][name]
        print(
            f"| {title} | {statistics.median(values):.3g} ({min(values):.3g}–{max(values):.3g}) |"
        )
    ms = {
        side: 4000 / statistics.median(rates["5"][index])
        for index, side in [(0, "list"), (1, "search")]
    }
    ms["documents"] = 4000 / statistics.median(rates["5d"][0])
    print(
        f"\nTime per request (4 connections ÷ median throughput), nothing cached: search "
        f"{ms['search']:.0f} ms, meetings list {ms['list']:.0f} ms, documents list "
        f"{ms['documents']:.0f} ms. The {args.download_mb} MB PDF through nginx: checked "
        f"{statistics.median(rates['6a'][0]) * args.download_mb:,.0f} MB/s, static "
        f"{statistics.median(rates['6a'][1]) * args.download_mb:,.0f} MB/s (medians)."
    )
    print(
        f"\nDownloads completed in the background: {downloaded['6b'] / 2**20:,.0f} MB at "
        f"{rate}B/s each, {downloaded['6c'] / 2**20:,.0f} MB as fast as they could "
        f"(while the list was measured, {args.seconds:g} s a round)."
    )
    print(
        "\n(3) SQL queries per page, every cache empty / then warm; in brackets, the search's "
        "BEGIN, planner setting and COMMIT:\n"
    )
    print("| page | " + " | ".join(f"{size:,} meetings" for size in args.sizes) + " |")
    print("|---|" + "---:|" * len(args.sizes))
    for label in queries[args.sizes[0]]:
        print(
            f"| {label} | "
            + " | ".join(
                f"{queries[size][label][0]}"
                + (f" (+{queries[size][label][1]})" if queries[size][label][1] else "")
                + f" / {queries[size][label][2]}"
                for size in args.sizes
            )
            + " |"
        )
    print(f"\n(8) HTML sizes at {largest:,} meetings, plain → gzip (from the page cache):\n")
    print("| page | plain KB | gzip KB | encoding |")
    print("|---|---:|---:|---|")
    for label in paths[largest]:
        plain, packed, encoding = sizes_gz[largest, label]
        print(f"| {label} | {plain / 1024:.1f} | {packed / 1024:.1f} | {encoding} |")
    print(
        "\nAddresses:", *(f"  {label}: {path}" for label, path in paths[largest].items()), sep="\n"
    )
    print(
        "\nProfile, list with all filters rendered afresh at "
        f"{largest:,} meetings:\n\n{profile_summary}"
    )


if __name__ == "__main__":
    main()
