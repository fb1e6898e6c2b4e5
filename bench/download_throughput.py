"""Download throughput: a document through Django's view against the same file as a static file.

Run with `make bench` (or `.venv/bin/python bench/download_throughput.py`). It sets up a
throwaway site in a temporary folder (SQLite database, media and static roots), starts
gunicorn on 127.0.0.1, downloads a large PDF alternately through /documents/<id>/<name>
(access check, conditional headers, the bytes, then the download count) and through whitenoise
at /static/, and prints the throughput of each, their ratio and the workers' peak memory.
Nothing outside the temporary folder is touched; the server is stopped whatever happens.
"""

import argparse
import hashlib
import http.client
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from gunicorn_site import (
    configure_environment,
    free_port,
    start_server,
    stop_server,
    wait_until_ready,
    worker_pids,
)

READ_SIZE = 1024 * 1024
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) download-throughput-benchmark"
REQUEST_TIMEOUT = 120


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=20, help="file size (default 20)")
    parser.add_argument("--rounds", type=int, default=10, help="downloads of each (default 10)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    return parser.parse_args()


def make_content(size):
    """Random bytes that start like a PDF, which is all serving looks at."""
    header = b"%PDF-1.7\n% benchmark sample file\n"
    return header + os.urandom(size - len(header))


def set_up_site(tmp, content):
    """Migrate a fresh database and publish one document holding `content`; returns its URL."""
    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from core.publishing import Status
    from documents.models import Document, DocumentFile, DocumentType

    call_command("migrate", interactive=False, verbosity=0)

    # Rows written directly: the benchmark measures serving, not upload validation.
    storage_name = "documents/benchmark-sample.pdf"
    media_path = Path(settings.MEDIA_ROOT) / storage_name
    media_path.parent.mkdir(parents=True)
    media_path.write_bytes(content)
    static_path = Path(settings.STATIC_ROOT) / "bench" / "benchmark-sample.pdf"
    static_path.parent.mkdir(parents=True)
    shutil.copyfile(media_path, static_path)

    document_type, _ = DocumentType.objects.get_or_create(
        slug="benchmark", defaults={"name": "Benchmark"}
    )
    document = Document.objects.create(
        title="Benchmark sample",
        document_type=document_type,
        date=timezone.localdate(),
        status=Status.PUBLISHED,
    )
    document_file = DocumentFile.objects.create(
        document=document,
        language="en",
        file=storage_name,
        original_name="benchmark-sample.pdf",
        size=len(content),
        content_type="application/pdf",
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_at=timezone.now(),
    )
    return document_file.get_absolute_url(), settings.STATIC_URL + "bench/benchmark-sample.pdf"


def download(port, path, digest=None):
    """GET `path` once, reading and discarding it; returns (bytes read, seconds)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        started = time.perf_counter()
        connection.request("GET", path, headers={"User-Agent": USER_AGENT})
        response = connection.getresponse()
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status} {response.reason}")
        received = 0
        while chunk := response.read(READ_SIZE):
            received += len(chunk)
            if digest is not None:
                digest.update(chunk)
        elapsed = time.perf_counter() - started
    finally:
        connection.close()
    return received, elapsed


def peak_rss_mb(pid):
    """The process's peak resident memory (VmHWM), in MB; None where /proc cannot tell."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def run(args, tmp):
    size = args.size_mb * 1024 * 1024
    content = make_content(size)
    expected = hashlib.sha256(content).hexdigest()
    document_path, static_path = set_up_site(tmp, content)
    del content
    paths = {"django": document_path, "static": static_path}

    port = free_port()
    with open(tmp / "gunicorn.log", "wb") as log:
        server = start_server(port, args.workers, log)
        try:
            wait_until_ready(server, port)
            # One checked download of each first: both must send exactly the file.
            for name, path in paths.items():
                digest = hashlib.sha256()
                received, _ = download(port, path, digest)
                if received != size or digest.hexdigest() != expected:
                    raise RuntimeError(f"{name} path sent {received} bytes that differ")

            totals = {name: [0, 0.0] for name in paths}
            for _ in range(args.rounds):
                for name, path in paths.items():
                    received, elapsed = download(port, path)
                    totals[name][0] += received
                    totals[name][1] += elapsed
            workers = {pid: peak_rss_mb(pid) for pid in worker_pids(server.pid)}
            master = peak_rss_mb(server.pid)
        finally:
            stop_server(server)

    megabytes = 1024 * 1024
    throughput = {
        name: received / megabytes / elapsed for name, (received, elapsed) in totals.items()
    }
    print(
        f"Downloads of a {args.size_mb} MB PDF, {args.rounds} of each, interleaved, "
        f"gunicorn with {args.workers} sync workers on 127.0.0.1"
    )
    for name, label in [("django", "Django view"), ("static", "whitenoise static")]:
        received, elapsed = totals[name]
        print(
            f"  {label:<18} {paths[name]:<40} {throughput[name]:8.1f} MB/s"
            f"  ({elapsed / args.rounds * 1000:.0f} ms per download)"
        )
    print(f"  ratio Django / static: {throughput['django'] / throughput['static']:.2f}")
    peaks = ", ".join(
        f"{pid}: {rss:.0f} MB" if rss is not None else f"{pid}: unknown"
        for pid, rss in workers.items()
    )
    master_peak = f"{master:.0f} MB" if master is not None else "unknown"
    print(f"  peak RSS of the workers (VmHWM): {peaks or 'unknown'}; master {master_peak}")

    # Every download through Django was counted, after its bytes were sent.
    from documents.models import DownloadTally

    counted = sum(DownloadTally.objects.values_list("count", flat=True))
    print(f"  downloads counted: {counted} of {args.rounds + 1} through the Django view")


def main():
    args = parse_args()
    if args.size_mb < 1 or args.rounds < 1 or args.workers < 1:
        sys.exit("--size-mb, --rounds and --workers must be at least 1")
    tmp = Path(tempfile.mkdtemp(prefix="khartoum-bench-"))
    try:
        configure_environment(
            tmp,
            database_url=f"sqlite:///{tmp / 'bench.sqlite3'}",
            settings_module="khartoum.settings",
            conn_max_age=0,
        )
        run(args, tmp)
    except Exception:
        log = tmp / "gunicorn.log"
        if log.exists() and log.stat().st_size:
            print(log.read_text(errors="replace")[-4000:], file=sys.stderr)
        raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
