"""Load test: 32 visitors for 60 s while the secretariat edits and publishes.

Run with `make bench-load` (or `.venv/bin/python bench/load_and_publish.py`); loopback only,
bounded in time. It makes a throwaway PostgreSQL database with the demo content, starts the
production app server (gunicorn, gthread workers as `make serve-prod` runs them) with Redis as
the shared cache and sessions, and loads it with `wrk` (32 connections, the public pages a
visitor reads, gzip accepted) for 60 s. Meanwhile this process, through the ORM (the same
signals as the admin's saves), edits a meeting's title, and publishes and unpublishes another,
one change after the other; after each change is committed it asks the public pages at once:

- errors: any answer of wrk's visitors other than 2xx/3xx, any socket error, and any change
  that failed — must be zero;
- lost writes: a change that is not in the database when read back, or not the last value at
  the end — must be none;
- stale pages: a public page that, on the first request after a change was committed, does
  not show it (the edited title on the meeting's page and on the list; a published meeting's
  page 200, an unpublished one 404) — must be none.

The database, the cache's keys (a prefix of the run's own) and the folder are removed at the end.
"""

import argparse
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gunicorn_site import BASE_DIR, configure_environment, free_port, stop_server, wait_until_ready
from list_pages import close_connections, create_database, drop_database, set_up_site

WRK_SCRIPT = """
paths = {%(paths)s}
counter = 0
wrk.headers["Accept-Encoding"] = "gzip"
wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) load-test"
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--visitors", type=int, default=32, help="concurrent connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: free)")
    return parser.parse_args()


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        connection.close()


def start_gunicorn(port, args, log):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "khartoum.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={args.workers}",
        "--worker-class=gthread",
        f"--threads={args.threads}",
        f"--chdir={BASE_DIR}",
        "--timeout=60",
        "--log-level=warning",
    ]
    return subprocess.Popen(command, stdout=log, stderr=log)


def wrk_summary(output):
    def number(pattern, default=0):
        match = re.search(pattern, output)
        return match.group(1) if match else default

    return {
        "requests": int(number(r"(\d+) requests in")),
        "rps": float(number(r"Requests/sec:\s+([\d.]+)")),
        "non_2xx_3xx": int(number(r"Non-2xx or 3xx responses: (\d+)")),
        "socket_errors": sum(
            int(value)
            for value in re.findall(
                r"(?:connect|read|write|timeout) (\d+)", number(r"Socket errors: (.*)", "")
            )
        ),
        "p50": number(r"50%\s+(\S+)", "?"),
        "p99": number(r"99%\s+(\S+)", "?"),
    }


def secretariat(port, deadline, edited, toggled):
    """Edit and publish until the deadline; returns the tallies."""
    from core.publishing import Status
    from meetings.models import Meeting

    tally = {"changes": 0, "failed": 0, "lost": 0, "stale": 0, "checks": 0, "stale_detail": []}
    number = 0
    while time.monotonic() < deadline:
        number += 1
        try:
            # An edit: the new title on the meeting's page and the list's first page.
            title = f"Load test edit {number}"
            edited.title = title
            edited.save()
            tally["changes"] += 1
            if Meeting.objects.values_list("title", flat=True).get(pk=edited.pk) != title:
                tally["lost"] += 1
            for path in [edited.get_absolute_url(), "/meetings/"]:
                status, body = get(port, path)
                tally["checks"] += 1
                if status != 200 or title not in body:
                    tally["stale"] += 1
                    tally["stale_detail"].append((number, path, status))
            # A publication, or its withdrawal: the meeting's page 200, or 404.
            publish = toggled.status != Status.PUBLISHED
            toggled.status = Status.PUBLISHED if publish else Status.DRAFT
            toggled.save()
            tally["changes"] += 1
            status, body = get(port, toggled.get_absolute_url())
            tally["checks"] += 1
            if (publish and (status != 200 or toggled.title not in body)) or (
                not publish and status != 404
            ):
                tally["stale"] += 1
                tally["stale_detail"].append((number, toggled.get_absolute_url(), status))
        except Exception as error:  # counted, and the run goes on
            tally["failed"] += 1
            print(f"  change {number} failed: {type(error).__name__}: {error}", flush=True)
        time.sleep(0.05)
    edited.refresh_from_db()
    if edited.title != f"Load test edit {number}":
        tally["lost"] += 1
    return tally


def run(args, tmp, database):
    set_up_site()
    from core.publishing import Status
    from meetings.models import Meeting

    edited = Meeting.objects.published().order_by("-start_date", "-id").first()
    toggled = Meeting.objects.published().order_by("start_date", "id").first()
    toggled.title = "Load test publication"
    toggled.status = Status.DRAFT
    toggled.save()
    paths = [
        "/",
        "/meetings/",
        "/documents/",
        "/search/?q=migration",
        "/meetings/?type=thematic-meeting",
        edited.get_absolute_url(),
        "/at-a-glance/",
        "/documents/?language=fr",
    ]
    close_connections()
    port = args.port or free_port()
    script = tmp / "visitors.lua"
    script.write_text(WRK_SCRIPT % {"paths": ", ".join(f'"{path}"' for path in paths)})
    with open(tmp / "gunicorn.log", "wb") as log:
        server = start_gunicorn(port, args, log)
        try:
            wait_until_ready(server, port)
            for path in paths:
                status, _ = get(port, path)
                if status != 200:
                    raise RuntimeError(f"{path} answered {status} before the run")
            print(
                f"{args.visitors} visitors for {args.seconds} s on {len(paths)} pages; "
                f"gunicorn {args.workers} × {args.threads} threads (gthread), Redis, PostgreSQL",
                flush=True,
            )
            visitors = subprocess.Popen(
                [
                    "wrk",
                    "--threads=2",
                    f"--connections={args.visitors}",
                    f"--duration={args.seconds}s",
                    "--timeout=10s",
                    "--latency",
                    f"--script={script}",
                    f"http://127.0.0.1:{port}",
                ],
                stdout=subprocess.PIPE,
                text=True,
            )
            tally = secretariat(port, time.monotonic() + args.seconds - 1, edited, toggled)
            output, _ = visitors.communicate(timeout=args.seconds + 60)
        finally:
            stop_server(server)
    load = wrk_summary(output)
    errors = load["non_2xx_3xx"] + load["socket_errors"] + tally["failed"]
    print(output)
    print("Result:")
    print(
        f"  visitors' requests: {load['requests']:,} ({load['rps']:.0f}/s), "
        f"latency p50 {load['p50']}, p99 {load['p99']}"
    )
    print(
        f"  errors: {errors} (non-2xx/3xx {load['non_2xx_3xx']}, socket {load['socket_errors']}, "
        f"failed changes {tally['failed']})"
    )
    print(f"  changes committed: {tally['changes']}; lost writes: {tally['lost']}")
    print(f"  pages asked right after a change: {tally['checks']}; stale: {tally['stale']}")
    for detail in tally["stale_detail"][:10]:
        print(f"    stale: change {detail[0]}, {detail[1]} answered {detail[2]}")
    return errors == 0 and tally["lost"] == 0 and tally["stale"] == 0


def main():
    args = parse_args()
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    tmp = Path(tempfile.mkdtemp(prefix="khartoum-load-"))
    run_id = os.urandom(4).hex()
    database = f"khartoum_load_{run_id}"
    prefix = f"khartoum-load-{run_id}"
    configure_environment(
        tmp,
        database_url=f"{args.postgres}/{database}",
        settings_module="bench.settings",
        conn_max_age=60,
    )
    os.environ.update(
        {
            "REDIS_URL": args.redis,
            "DJANGO_CACHE_KEY_PREFIX": prefix,
            "DJANGO_SECURE_SSL_REDIRECT": "0",
        }
    )
    ok = False
    try:
        create_database(args.postgres, database)
        ok = run(args, tmp, database)
    finally:
        close_connections()
        try:
            import redis

            client = redis.Redis.from_url(args.redis)
            keys = list(client.scan_iter(match=f"{prefix}:*"))
            if keys:
                client.delete(*keys)
        except Exception as error:
            print(f"Cache keys {prefix}:* may be left: {error}", file=sys.stderr)
        drop_database(args.postgres, database)
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
