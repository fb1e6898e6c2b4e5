"""nginx in front of a benchmark's gunicorn, with the site's own configuration, and what the
download figures need: a large document on local disk, the same file among the static files,
and visitors downloading it in the background."""

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from gunicorn_site import BASE_DIR, STARTUP_TIMEOUT

ACCEL_PREFIX = "/protected-media/"
LARGE_NAME = "bench-large-download.pdf"


def add_large_document(size_mb):
    """Publish a document whose one file is `size_mb` MB on local disk (MEDIA_ROOT), and put
    the same bytes among the static files; returns (download path, static path, sha256)."""
    from django.conf import settings
    from django.utils import timezone

    from core.publishing import Status
    from documents.models import Document, DocumentFile, DocumentType

    header = b"%PDF-1.7\n% benchmark sample file\n"
    content = header + os.urandom(size_mb * 1024 * 1024 - len(header))
    storage_name = f"documents/{LARGE_NAME}"
    media_path = Path(settings.MEDIA_ROOT) / storage_name
    media_path.parent.mkdir(parents=True, exist_ok=True)
    media_path.write_bytes(content)
    static_path = Path(settings.STATIC_ROOT) / "bench" / LARGE_NAME
    static_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(media_path, static_path)
    digest = hashlib.sha256(content).hexdigest()
    # Rows written directly: the figures measure serving, not upload validation.
    document = Document.objects.create(
        title="Benchmark large download",
        document_type=DocumentType.objects.order_by("pk").first(),
        date=timezone.localdate(),
        status=Status.PUBLISHED,
    )
    document_file = DocumentFile.objects.create(
        document=document,
        language="en",
        file=storage_name,
        original_name=LARGE_NAME,
        public_name=LARGE_NAME,
        size=len(content),
        content_type="application/pdf",
        sha256=digest,
        uploaded_at=timezone.now(),
    )
    return document_file.get_absolute_url(), f"{settings.STATIC_URL}bench/{LARGE_NAME}", digest


def start_nginx(run_dir, port, app_port, environment):
    """nginx, not as a daemon, on 127.0.0.1:`port` in front of the gunicorn on `app_port`,
    configured by `manage.py nginx_config` as `make serve-prod` does it."""
    run_dir.mkdir(parents=True, exist_ok=True)
    config = run_dir / "nginx.conf"
    env = {**os.environ, **environment}
    user = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True).stdout
    subprocess.run(
        [sys.executable, "manage.py", "nginx_config", f"--listen=127.0.0.1:{port}",
         f"--app=127.0.0.1:{app_port}", f"--run-dir={run_dir}", f"--user={user.strip()}",
         f"--output={config}"],
        cwd=BASE_DIR, env=env, check=True, capture_output=True,
    )  # fmt: skip
    # -e: nginx writes to its compiled-in error log before it reads the configuration.
    error_log = ["-e", str(run_dir / "error.log")]
    subprocess.run(["nginx", "-t", "-q", *error_log, "-c", str(config)], check=True)
    return subprocess.Popen(
        ["nginx", *error_log, "-c", str(config), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for_nginx(process, port):
    import socket

    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited with status {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nginx did not listen on port {port} within {STARTUP_TIMEOUT}s")


def stop_nginx(process):
    if process.poll() is None:
        process.send_signal(signal.SIGQUIT)  # graceful: the workers finish and exit
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


class BackgroundDownloads:
    """`count` visitors each downloading `url` again and again (curl), at most `rate` bytes a
    second each (curl's --limit-rate, e.g. 10M) or as fast as loopback allows (None). Each
    curl loop runs in a process group of its own, ended with it. The visitors' computers are
    not the server: on the server's cores their curl runs at the lowest priority (nice 19),
    taking the time the server leaves."""

    def __init__(self, url, count, rate, log_dir):
        self.processes = []
        limit = f"--limit-rate {rate} " if rate else ""
        for number in range(count):
            sizes = log_dir / f"downloads-{number}.log"
            loop = (
                f"while :; do nice -n 19 curl --silent --fail --output /dev/null {limit}"
                f"--write-out '%{{size_download}}\\n' '{url}' >> '{sizes}' || exit 1; done"
            )
            self.processes.append(
                (subprocess.Popen(["sh", "-c", loop], start_new_session=True), sizes)
            )

    def stop(self):
        """End the downloads; returns the bytes they received (the downloads under way at the
        end not counted)."""
        for process, _ in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        received = 0
        for process, sizes in self.processes:
            process.wait(timeout=15)
            if sizes.exists():
                received += sum(int(line) for line in sizes.read_text().split())
                sizes.unlink()
        return received

    def failed(self):
        return [process.returncode for process, _ in self.processes if process.poll() is not None]
