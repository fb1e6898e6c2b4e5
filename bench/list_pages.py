"""List pages as the record grows: each public list page against a minimal view, per record size.

Run with `make bench` (or `.venv/bin/python bench/list_pages.py`). It makes a throwaway
PostgreSQL database for each record size (the demo content, then copies grown with
`manage.py generate_meetings`) and a temporary folder (media and static roots), starts one
gunicorn on 127.0.0.1 per size with bench.settings, and measures in fixed-duration rounds each
page against a minimal view served by the same workers (bench/urls.py): page and minimal view
alternate, and so do the sizes, so that machine noise hits every side of a comparison alike.
A page's result is its throughput divided by the minimal view's, the median over the rounds.
Throughput is counted twice: requests per second of the clock, and requests per second of CPU
time of the server (gunicorn workers and their PostgreSQL backends), which other processes on
a shared machine change much less. It prints a markdown table of the ratios at each size, how
the largest size compares with the smallest and each page's size, for each count.
The servers are stopped, the databases dropped (unless --keep-db) and the folder removed
whatever happens.
"""

import argparse
import contextlib
import http.client
import math
import multiprocessing
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path
from urllib.parse import urlencode

from gunicorn_site import (
    configure_environment,
    free_port,
    start_server,
    stop_server,
    wait_until_ready,
    worker_pids,
)

USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) list-pages-benchmark"
REQUEST_TIMEOUT = 120
WARM_UP_SECONDS = 0.3
SEED = 1
GOAL = 0.8  # a page at the largest size keeps at least this share of its ratio at the smallest
LARGE_PAGE_KB = 100

MINIMAL_PATH = "/bench/minimal/"
# Values from the demo content, so they exist at every size.
MEETING_SLUG = "2017-02-malta-joint-valletta-action-plan-senior-officials-meeting"
MEETINGS_FILTER = {"type": "thematic-meeting", "year": "2016", "host_country": "ET"}
DOCUMENTS_FILTER = {"language": "fr", "year": "2017"}
ORGANISATION_SLUG = "ethiopia"
FOLLOW_UP_FILTER = {"status": "in-progress", "year": "2017"}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="9,1000,10000",
        help="record sizes in meetings, comma-separated, the smallest being the demo content's "
        "(default 9,1000,10000)",
    )
    parser.add_argument(
        "--seconds", type=float, default=0.3, help="length of one measurement (default 0.3)"
    )
    parser.add_argument("--rounds", type=int, default=20, help="rounds (default 20)")
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn workers per size (default 2)"
    )
    parser.add_argument(
        "--clients", type=int, default=4, help="client processes sending requests (default 4)"
    )
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5432",
        help="the PostgreSQL server, where the throwaway databases are created "
        "(default postgres://postgres@127.0.0.1:5432)",
    )
    parser.add_argument(
        "--keep-db", action="store_true", help="keep the databases at the end, to look into them"
    )
    args = parser.parse_args()
    try:
        args.sizes = sorted({int(size) for size in args.sizes.split(",") if size.strip()})
    except ValueError:
        parser.error("--sizes takes whole numbers separated by commas, e.g. 9,1000,10000")
    if not args.sizes or args.sizes[0] < 1:
        parser.error("--sizes needs at least one size of 1 or more")
    if args.seconds <= 0 or min(args.rounds, args.workers, args.clients) < 1:
        parser.error("--seconds must be positive; --rounds, --workers and --clients at least 1")
    args.postgres = args.postgres.rstrip("/")
    return args


# The throwaway databases -----------------------------------------------------------------


def on_server(server_url, statement, params=None):
    """Run one statement on the server's maintenance database, outside any transaction;
    returns the rows it gives, if any."""
    import psycopg2

    connection = psycopg2.connect(f"{server_url}/postgres")
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall() if cursor.description else []
    finally:
        connection.close()


def create_database(server_url, name, template=None):
    from psycopg2 import sql

    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    on_server(server_url, statement)


def drop_database(server_url, name):
    from psycopg2 import sql

    on_server(
        server_url, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    )


def use_database(name):
    """Point this process's Django connection at another of the benchmark's databases."""
    from django.db import connection, connections

    connections.close_all()
    connection.settings_dict["NAME"] = name


def close_connections():
    if "django.db" in sys.modules:
        from django.db import connections

        connections.close_all()


# The record ------------------------------------------------------------------------------


def set_up_site():
    """Migrate the empty database, collect the static files and load the demo content."""
    import django

    django.setup()

    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    # DEBUG is off: the templates need the manifest of the collected static files.
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo_content", verbosity=0, stdout=StringIO())


def meeting_count():
    from meetings.models import Meeting

    return Meeting.objects.count()


def grow_record(size):
    from django.core.management import call_command, get_commands

    if "generate_meetings" not in get_commands():
        raise RuntimeError(
            "manage.py generate_meetings is not available: it is needed to grow the record "
            f"to {size:,} meetings (try only the demo content's size with --sizes)"
        )
    output = StringIO()
    call_command(
        "generate_meetings",
        "--total",
        str(size),
        "--seed",
        str(SEED),
        "--no-progress",
        stdout=output,
    )
    print(f"  {output.getvalue().strip()}", flush=True)
    vacuum()


def vacuum():
    """Settle the database after a bulk load, as time would: no autovacuum while measuring,
    visibility maps and planner statistics up to date."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def page_paths():
    """The pages to measure at the current size, by label; checks the filters find something."""
    from django.http import QueryDict
    from django.urls import resolve

    from documents.filters import DocumentFilter
    from documents.models import Document
    from meetings.filters import MeetingFilter
    from meetings.models import Meeting

    meetings = Meeting.objects.published()
    documents = Document.objects.published()
    for filterset_class, queryset, query in [
        (MeetingFilter, meetings, MEETINGS_FILTER),
        (DocumentFilter, documents, DOCUMENTS_FILTER),
    ]:
        if not filterset_class(QueryDict(urlencode(query)), queryset=queryset).qs.exists():
            raise RuntimeError(f"{filterset_class.__name__} finds nothing for {query}")
    if not meetings.filter(slug=MEETING_SLUG).exists():
        raise RuntimeError(f"There is no published meeting {MEETING_SLUG}")

    def last_page(queryset, path):
        page_size = resolve(path).func.view_class.paginate_by
        return max(1, math.ceil(queryset.count() / page_size))

    return {
        "Meetings, first page": "/meetings/",
        "Meetings, last page": f"/meetings/?page={last_page(meetings, '/meetings/')}",
        "Meetings, filtered": f"/meetings/?{urlencode(MEETINGS_FILTER)}",
        "Meeting page": f"/meetings/{MEETING_SLUG}/",
        "Documents, first page": "/documents/",
        "Documents, last page": f"/documents/?page={last_page(documents, '/documents/')}",
        "Documents, filtered": f"/documents/?{urlencode(DOCUMENTS_FILTER)}",
        "Meetings, by domain": "/meetings/?domain=return",
        "Members": "/members/",
        "Organisation page": f"/organisations/{ORGANISATION_SLUG}/",
        "The Process over time": "/process/",
        "Follow-up, first page": "/follow-up/",
        "Follow-up, filtered": f"/follow-up/?{urlencode(FOLLOW_UP_FILTER)}",
    }


def build_records(args, databases):
    """One database per size: the demo content, then each size a grown copy of the one before.

    Returns {size: {label: path}}.
    """
    started = time.monotonic()
    set_up_site()
    demo = meeting_count()
    print(f"Demo content loaded: {demo} meetings ({time.monotonic() - started:.0f} s)", flush=True)
    if args.sizes[0] < demo:
        raise RuntimeError(f"The smallest size must be the demo content's {demo} meetings or more")

    paths = {}
    previous = None
    for size in args.sizes:
        if previous is not None:
            close_connections()  # a template database has no other connection
            create_database(args.postgres, databases[size], template=databases[previous])
            use_database(databases[size])
        if size > meeting_count():
            began = time.monotonic()
            grow_record(size)
            print(
                f"Record grown to {meeting_count():,} meetings ({time.monotonic() - began:.0f} s)",
                flush=True,
            )
        if meeting_count() != size:
            print(f"  note: {meeting_count():,} meetings in the record, not {size:,}")
        paths[size] = page_paths()
        previous = size
    close_connections()
    return paths, demo


# The servers and the clients -------------------------------------------------------------


def get(port, path):
    """GET `path` on a new connection, as gunicorn's sync workers close each; returns the body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", path, headers={"User-Agent": USER_AGENT})
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    if response.status != 200:
        raise RuntimeError(f"GET {path} answered {response.status} {response.reason}")
    return body


def client_loop(connection):
    """A client process: for each (port, path, start, stop) received, GET the path again and
    again from `start` until `stop`, then send back (requests, end of the last one)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops it
    while (task := connection.recv()) is not None:
        port, path, start, stop = task
        time.sleep(max(0.0, start - time.monotonic()))
        requests, last = 0, start
        try:
            while time.monotonic() < stop:
                get(port, path)
                requests += 1
                last = time.monotonic()
        except Exception as error:
            connection.send(f"{type(error).__name__}: {error}")
        else:
            connection.send((requests, last))


class Clients:
    """A fixed set of client processes that load a server together."""

    def __init__(self, count):
        # Forked before Django is set up, so they carry no database connection.
        context = multiprocessing.get_context("fork")
        self.connections = []
        self.processes = []
        for _ in range(count):
            parent_end, child_end = context.Pipe()
            process = context.Process(target=client_loop, args=(child_end,), daemon=True)
            process.start()
            self.connections.append(parent_end)
            self.processes.append(process)

    def run(self, port, path, seconds):
        """GET `path` from every client for `seconds`; returns (requests, wall seconds).

        Requests under way at the end are finished and counted, so the time runs until the last
        one ended: nothing is in flight before or after.
        """
        start = time.monotonic() + 0.01
        for connection in self.connections:
            connection.send((port, path, start, start + seconds))
        results = [connection.recv() for connection in self.connections]
        errors = [result for result in results if isinstance(result, str)]
        if errors:
            raise RuntimeError(f"While measuring {path}: {errors[0]}")
        return sum(count for count, _ in results), max(last for _, last in results) - start

    def close(self):
        for connection in self.connections:
            with contextlib.suppress(OSError):  # it has ended already
                connection.send(None)
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)


TICKS = os.sysconf("SC_CLK_TCK")


class Site:
    """One size's gunicorn, on its own database, and the CPU time of the processes serving it:
    its workers and their PostgreSQL backends, from /proc.

    Requests per second of that CPU time is the throughput the server would have on a machine
    of its own: other processes on a shared machine slow the clock, not the work per request.
    """

    def __init__(self, size, database, paths, args, log):
        self.size = size
        self.database = database
        self.paths = paths
        self.args = args
        self.port = free_port()
        # Pages rendered afresh on every request: the anonymous page cache would answer them all
        # as fast as the minimal view.
        environment = {
            "DATABASE_URL": f"{args.postgres}/{database}",
            "DJANGO_PAGE_CACHE_SECONDS": "0",
        }
        self.server = start_server(self.port, args.workers, log, environment)
        self.pids = None

    def check(self):
        """Every page answers 200; returns their sizes in bytes, by label."""
        wait_until_ready(self.server, self.port)
        sizes = {}
        for label, path in {"Minimal view": MINIMAL_PATH, **self.paths}.items():
            try:
                sizes[label] = len(get(self.port, path))
            except (OSError, http.client.HTTPException, RuntimeError) as error:
                raise RuntimeError(f"At {self.size:,} meetings, {label}: {error}") from None
        return sizes

    def warm_up(self, clients):
        for path in [MINIMAL_PATH, *self.paths.values()]:
            clients.run(self.port, path, WARM_UP_SECONDS)
        workers = worker_pids(self.server.pid)
        backends = self.backend_pids()
        if len(workers) != self.args.workers or len(backends) != self.args.workers:
            raise RuntimeError(
                f"Expected {self.args.workers} gunicorn workers each with one database "
                f"connection after the warm-up, found workers {workers} and backends {backends}"
            )
        self.pids = workers + backends

    def backend_pids(self):
        rows = on_server(
            self.args.postgres,
            "SELECT pid FROM pg_stat_activity WHERE datname = %s ORDER BY pid",
            [self.database],
        )
        return [pid for (pid,) in rows]

    def cpu_seconds(self):
        total = 0
        for pid in self.pids:
            try:
                # The fields after the command name; utime and stime are the 12th and 13th.
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                raise RuntimeError(
                    f"Process {pid} (a worker or its database backend) ended while measuring"
                ) from None
            total += int(fields[11]) + int(fields[12])
        return total / TICKS

    def sample(self, clients, path):
        """One fixed-duration measurement: (requests per second, per server CPU second)."""
        before = self.cpu_seconds()
        requests, wall = clients.run(self.port, path, self.args.seconds)
        cpu = max(self.cpu_seconds() - before, 1 / TICKS)
        return requests / wall, requests / cpu

    def check_unchanged(self):
        """The same processes did all the work: no worker restarted, no connection reopened."""
        if self.pids != worker_pids(self.server.pid) + self.backend_pids():
            raise RuntimeError(
                f"At {self.size:,} meetings the workers or their database connections changed "
                "while measuring"
            )

    def stop(self):
        stop_server(self.server)


# Measuring -------------------------------------------------------------------------------


def measure(args, clients, sites):
    """Rounds of (minimal view, page) pairs on every site, page by page and size by size.

    Returns {size: {label: [(ratio by clock, ratio by CPU) per round]}} and
    {size: [minimal view samples]}.
    """
    ratios = {site.size: {label: [] for label in site.paths} for site in sites}
    baselines = {site.size: [] for site in sites}
    labels = list(sites[0].paths)
    for number in range(args.rounds):
        for label in labels:
            for site in sites:
                # Which of the two goes first alternates, so a steady drift cancels out.
                if number % 2 == 0:
                    minimal = site.sample(clients, MINIMAL_PATH)
                    page = site.sample(clients, site.paths[label])
                else:
                    page = site.sample(clients, site.paths[label])
                    minimal = site.sample(clients, MINIMAL_PATH)
                baselines[site.size].append(minimal)
                ratios[site.size][label].append((page[0] / minimal[0], page[1] / minimal[1]))
        print(f"  round {number + 1} of {args.rounds} done", flush=True)
    return ratios, baselines


def run(args, tmp, clients, databases):
    started = time.monotonic()
    paths, demo = build_records(args, databases)

    sites = []
    with open(tmp / "gunicorn.log", "wb") as log:
        try:
            for size in args.sizes:
                sites.append(Site(size, databases[size], paths[size], args, log))
            page_bytes = {site.size: site.check() for site in sites}
            for site in sites:
                site.warm_up(clients)
            began = time.monotonic()
            print(f"Measuring {len(args.sizes)} sizes side by side", flush=True)
            ratios, baselines = measure(args, clients, sites)
            for site in sites:
                site.check_unchanged()
            print(f"Measured in {time.monotonic() - began:.0f} s")
        finally:
            for site in sites:
                site.stop()

    report(args, ratios, baselines, page_bytes, paths, demo)
    print(f"\nTotal time: {time.monotonic() - started:.0f} s")


def report(args, ratios, baselines, page_bytes, paths, demo):
    sizes = args.sizes
    smallest, largest = sizes[0], sizes[-1]
    labels = list(paths[largest])
    page_kb = {label: page_bytes[largest][label] / 1024 for label in labels}
    smallest_name = "demo" if smallest == demo else f"{smallest:,}"

    print(
        f"\nEach page's throughput as a ratio to a minimal Django view served by the same "
        f"gunicorn ({args.workers} sync workers per size, {args.clients} client processes, "
        f"PostgreSQL), median of {args.rounds} rounds of {args.seconds:g} s measurements, "
        f"page and minimal view alternating, sizes side by side. "
        f"Goal: {largest:,} vs {smallest_name} >= {GOAL}."
    )
    for kind, title in [
        (0, "Throughput ratio, requests per second of the clock"),
        (
            1,
            "Throughput ratio, requests per second of server CPU (workers and their database "
            "backends; steadier on a shared machine)",
        ),
    ]:
        median = {
            (size, label): statistics.median(ratio[kind] for ratio in ratios[size][label])
            for size in sizes
            for label in labels
        }
        header = [
            "page",
            *(f"ratio at {size:,}" for size in sizes),
            f"{largest:,} vs {smallest_name}",
            f"KB at {largest:,}",
        ]
        rows = []
        for label in labels:
            change = median[largest, label] / median[smallest, label]
            rows.append(
                [
                    label,
                    *(f"{median[size, label]:#.3g}" for size in sizes),
                    f"{change:.3f}" + ("" if change >= GOAL else " (below goal)"),
                    f"{page_kb[label]:.1f}",
                ]
            )
        print(f"\n{title}:\n")
        print_table(header, rows)
        print("\nSpread over the rounds (min–max), by size:")
        for label in labels:
            spreads = ", ".join(
                f"{min(ratio[kind] for ratio in ratios[size][label]):.3g}–"
                f"{max(ratio[kind] for ratio in ratios[size][label]):.3g}"
                for size in sizes
            )
            print(f"  {label}: {spreads}")

    print("\nMinimal view, for reference only (median; these machines are shared):")
    for size in sizes:
        print(
            f"  at {size:,} meetings: "
            f"{statistics.median(sample[0] for sample in baselines[size]):,.0f} req/s, "
            f"{statistics.median(sample[1] for sample in baselines[size]):,.0f} "
            "requests per server CPU second"
        )

    print(f"\nAddresses at {largest:,} meetings:")
    for label, path in paths[largest].items():
        print(f"  {label}: {path}")

    large = [
        f"{label} ({page_kb[label]:.0f} KB)" for label in labels if page_kb[label] > LARGE_PAGE_KB
    ]
    if large:
        print(f"\nPages over {LARGE_PAGE_KB} KB at {largest:,} meetings: {', '.join(large)}")


def print_table(header, rows):
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]

    def line(cells):
        padded = [
            cell.ljust(width) if column == 0 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    print(line(header))
    rule = ["-" * (widths[0] + 2), *("-" * (width + 1) + ":" for width in widths[1:])]
    print("|" + "|".join(rule) + "|")
    for row in rows:
        print(line(row))


def stop_on_sigterm(signum, frame):
    sys.exit(128 + signum)  # unwinds through the finally blocks: servers, clients, databases


def main():
    args = parse_args()
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    tmp = Path(tempfile.mkdtemp(prefix="khartoum-bench-"))
    prefix = f"khartoum_bench_{os.urandom(4).hex()}"
    databases = {size: f"{prefix}_{size}" for size in args.sizes}
    clients = Clients(args.clients)
    try:
        configure_environment(
            tmp,
            database_url=f"{args.postgres}/{databases[args.sizes[0]]}",
            settings_module="bench.settings",
            # Persistent connections as in production (60 s there), held for the whole run so
            # each worker keeps one PostgreSQL backend, whose CPU time is counted.
            conn_max_age=3600,
        )
        create_database(args.postgres, databases[args.sizes[0]])
        run(args, tmp, clients, databases)
    except Exception:
        log = tmp / "gunicorn.log"
        if log.exists() and log.stat().st_size:
            print(log.read_text(errors="replace")[-4000:], file=sys.stderr)
        raise
    finally:
        clients.close()
        close_connections()
        try:
            if args.keep_db:
                kept = on_server(
                    args.postgres,
                    "SELECT datname FROM pg_database WHERE datname LIKE %s ORDER BY datname",
                    [f"{prefix}_%"],
                )
                print("Databases kept: " + ", ".join(name for (name,) in kept))
            else:
                for name in databases.values():
                    drop_database(args.postgres, name)
        except Exception as error:  # not to hide why the run stopped
            print(f"The databases {prefix}_* may be left: {error}", file=sys.stderr)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
