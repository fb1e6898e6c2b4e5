"""Write the nginx configuration for this site's settings (deploy/nginx.conf, filled in), and
the site's 503 page in each language for nginx to answer with when the site cannot."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template import Context, Engine
from django.utils import translation

from khartoum import outage

TEMPLATE = Path(settings.BASE_DIR) / "deploy" / "nginx.conf"


class Command(BaseCommand):
    help = "Render nginx's configuration for this site's settings (deploy/nginx.conf)."

    def add_arguments(self, parser):
        parser.add_argument("--listen", default="127.0.0.1:8080", help="nginx's address")
        parser.add_argument(
            "--app",
            action="append",
            default=[],
            help="an app server's address (host:port or unix:/path); repeat for several",
        )
        parser.add_argument(
            "--run-dir",
            required=True,
            help="folder for logs, pid, temp files and the 503 pages (error-pages/)",
        )
        parser.add_argument("--max-body-mb", type=int, default=512)
        parser.add_argument("--user", default="", help="the user nginx's workers run as")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args, **options):
        prefix = settings.DOWNLOADS_X_ACCEL_PREFIX
        if not prefix.startswith("/") or not prefix.endswith("/"):
            raise CommandError(
                "Set DJANGO_DOWNLOADS_X_ACCEL_PREFIX (e.g. /protected-media/) so that nginx "
                "sends the checked downloads."
            )
        options_s3 = settings.STORAGES["default"].get("OPTIONS", {})
        s3_endpoint = ""
        if "bucket_name" in options_s3:
            s3_endpoint = (options_s3.get("endpoint_url") or "https://s3.amazonaws.com").rstrip("/")
        run_dir = Path(options["run_dir"]).resolve()
        error_pages = run_dir / "error-pages"
        self.write_error_pages(error_pages)
        context = {
            "listen": options["listen"],
            "user": options["user"],
            "app_servers": options["app"] or ["127.0.0.1:8000"],
            "run_dir": run_dir,
            "max_body_mb": options["max_body_mb"],
            "static_root": Path(settings.STATIC_ROOT).resolve(),
            "media_root": Path(settings.MEDIA_ROOT).resolve(),
            "accel_prefix": prefix,
            "s3_endpoint": s3_endpoint,
            "error_pages": error_pages,
            "retry_after": outage.RETRY_AFTER_SECONDS,
            "default_language": settings.LANGUAGE_CODE,
            "prefixed_languages": [
                code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE
            ],
        }
        engine = Engine(autoescape=False)
        text = engine.from_string(TEMPLATE.read_text()).render(Context(context))
        if options["output"]:
            Path(options["output"]).write_text(text)
        else:
            self.stdout.write(text)

    @staticmethod
    def write_error_pages(folder):
        """503.<language>.html: the page the site itself answers with (khartoum.outage)."""
        folder.mkdir(parents=True, exist_ok=True)
        for code, _ in settings.LANGUAGES:
            with translation.override(code):
                try:
                    page = outage.unavailable_page()
                except ValueError as error:
                    # The stylesheet's address is looked up in collectstatic's manifest.
                    raise CommandError(f"Run collectstatic first: {error}") from error
            (folder / f"503.{code}.html").write_text(page, encoding="utf-8")
