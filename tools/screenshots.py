"""The main public pages at a phone's width (390 px) and a laptop's (1280 px), in each of the
site's languages, as PNG files in docs/screenshots/; and each page's first-view weight.

Run with `make screenshots`. It loads the demo content into a SQLite database in a temporary
folder (with the demo's media files), serves the site there with `manage.py runserver`, and
drives Debian's Chromium with Playwright (as the browser tests do). Files are named
`<page>-<width>.png` in the default language, `<page>-<width>-<language>.png` in the others,
and written as palette PNGs to keep the repository small.

A first view's weight is what a visitor's browser downloads on a first visit, compressed as a
server compresses it: the HTML and the stylesheet, gzip level 6 (images are lazy and small,
and public pages have no script). The goal is under 20 KB a page.
"""

import contextlib
import gzip
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WIDTHS = {390: 844, 1280: 900}
# The pages photographed (every page above is weighed): few, to keep the repository small.
PHOTOGRAPHED = [
    "home",
    "meetings",
    "meeting",
    "document",
    "at-a-glance",
    "members",
    "organisation",
    "process",
    "follow-up",
]
MEETING = "2017-05-berlin-thematic-meeting"
# The chair of the Process from December 2016: memberships, a chairmanship, meetings hosted.
ORGANISATION = "Ethiopia"
DOCUMENT = "Joint conclusions"  # of the Joint Valletta Action Plan meeting in Malta
WEIGHT_GOAL = 20 * 1024


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


@contextlib.contextmanager
def demo_site(folder):
    """The demo content served on a free port; yields the site's address."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_DEBUG": "1",
    }
    os.environ.update(env)
    manage("migrate", "--no-input", "--verbosity", "0", env=env)
    manage("load_demo_content", env=env)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    address = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(address + "/robots.txt", timeout=2)
                break
            time.sleep(0.2)
        yield address
    finally:
        server.terminate()
        server.wait(timeout=10)


def pages():
    """{name: path} of each main page type, per language (Django set up on the demo data)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khartoum.settings")
    django.setup()
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    from documents.models import Document
    from meetings.models import Organisation

    document = Document.objects.published().filter(title=DOCUMENT).first()
    organisation = Organisation.objects.get(name=ORGANISATION)
    found = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            found[language] = {
                "home": reverse("home"),
                "meetings": reverse("meetings:list"),
                "meeting": reverse("meetings:detail", kwargs={"slug": MEETING}),
                "documents": reverse("documents:list"),
                "document": reverse("documents:detail", kwargs={"pk": document.pk}),
                "search": reverse("search") + "?q=smuggling",
                "at-a-glance": reverse("at-a-glance"),
                "members": reverse("process:members"),
                "organisation": organisation.get_absolute_url(),
                "process": reverse("process:process"),
                "follow-up": reverse("followup:list"),
            }
    return settings.LANGUAGE_CODE, found


def first_view_weight(address, path):
    """Bytes of the page's HTML and its stylesheets, each gzip-compressed."""
    from html.parser import HTMLParser

    class Stylesheets(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found = []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "link" and attrs.get("rel") == "stylesheet":
                self.found.append(attrs["href"])

    def compressed(url):
        body = urllib.request.urlopen(url, timeout=10).read()
        return body, len(gzip.compress(body, compresslevel=6))

    html, html_size = compressed(address + path)
    parser = Stylesheets()
    parser.feed(html.decode())
    return html_size, sum(compressed(address + href)[1] for href in parser.found)


def save_png(png, path):
    """A palette PNG: a screenshot's few colours need no more, at a fraction of the size."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def main():
    if not os.access(CHROMIUM, os.X_OK):
        sys.exit("Screenshots need Chromium: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    OUTPUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, demo_site(Path(folder)) as address:
        default, per_language = pages()
        weights = []
        for language, paths in per_language.items():
            for name, path in paths.items():
                weights.append((language, name, path, *first_view_weight(address, path)))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            for width, height in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                for language, paths in per_language.items():
                    suffix = "" if language == default else f"-{language}"
                    for name in PHOTOGRAPHED:
                        page.goto(address + paths[name])
                        target = OUTPUT / f"{name}-{width}{suffix}.png"
                        save_png(page.screenshot(), target)
                        print(f"{target.relative_to(ROOT)}  {target.stat().st_size // 1024} KB")
                page.close()
            browser.close()

    print("\nFirst view, gzip-compressed (HTML + CSS), goal under 20 KB:\n")
    print("| language | page | address | HTML | CSS | total |")
    print("|---|---|---|---:|---:|---:|")
    for language, name, path, html, css in weights:
        total = html + css
        mark = "" if total < WEIGHT_GOAL else " (over)"
        print(
            f"| {language} | {name} | `{path}` | {html / 1024:.1f} KB | {css / 1024:.1f} KB "
            f"| {total / 1024:.1f} KB{mark} |"
        )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
