"""What the benchmarks share: a throwaway site's settings, and gunicorn serving it."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT = 30


def configure_environment(tmp, *, database_url, settings_module, conn_max_age):
    """Point the settings at the temporary folder before Django is imported."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": settings_module,
            "DATABASE_URL": database_url,
            "DJANGO_CONN_MAX_AGE": str(conn_max_age),
            "DJANGO_MEDIA_ROOT": str(tmp / "media"),
            "DJANGO_STATIC_ROOT": str(tmp / "static"),
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "benchmark-only-" + os.urandom(16).hex(),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_COOKIES": "0",
            # Plain HTTP on loopback: no redirect to HTTPS.
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_DOWNLOADS_X_ACCEL_PREFIX": "",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(BASE_DIR))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port, workers, log, environment=None):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "khartoum.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--chdir={BASE_DIR}",
        "--worker-class=sync",
        "--timeout=120",
        "--log-level=warning",
    ]
    env = {**os.environ, **(environment or {})}
    return subprocess.Popen(command, env=env, stdout=log, stderr=log)


def wait_until_ready(server, port):
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not listen on port {port} within {STARTUP_TIMEOUT}s")


def stop_server(server):
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)


def worker_pids(master_pid):
    pids = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue  # the process ended while we looked
        if fields.get("PPid", "").strip() == str(master_pid):
            pids.append(int(status.parent.name))
    return sorted(pids)
