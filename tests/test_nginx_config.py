"""nginx's configuration, rendered from the settings, is one nginx accepts, and says what the
README says: far-future static files, internal download locations with the security headers,
request limits, no compression of pages."""

import shutil
import subprocess

import pytest
from django.core.management import CommandError, call_command

from khartoum.settings import s3_storage


def render(tmp_path, **options):
    output = tmp_path / "nginx.conf"
    call_command(
        "nginx_config",
        listen="127.0.0.1:8180",
        app=["127.0.0.1:8181", "127.0.0.1:8182"],
        run_dir=str(tmp_path),
        output=str(output),
        **options,
    )
    return output


def assert_nginx_accepts(path):
    if not shutil.which("nginx"):
        pytest.skip("nginx is not installed (the CI installs Debian's package)")
    result = subprocess.run(
        ["nginx", "-t", "-q", "-c", str(path)], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture
def accel(settings):
    settings.DOWNLOADS_X_ACCEL_PREFIX = "/protected-media/"


def test_with_files_on_disk(tmp_path, settings, accel):
    text = render(tmp_path).read_text()
    assert f"alias {settings.MEDIA_ROOT.resolve()}/;" in text
    assert "server 127.0.0.1:8181" in text and "server 127.0.0.1:8182" in text
    assert 'add_header Cache-Control "public, max-age=31536000, immutable";' in text
    assert "add_header Content-Security-Policy \"default-src 'none'\" always;" in text
    assert "client_max_body_size 512m;" in text
    assert_nginx_accepts(tmp_path / "nginx.conf")


def test_with_object_storage(tmp_path, settings, accel):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage("khartoum-media", endpoint_url="http://127.0.0.1:9000"),
    }
    text = render(tmp_path).read_text()
    assert "proxy_pass http://127.0.0.1:9000/;" in text
    assert "internal;" in text
    assert_nginx_accepts(tmp_path / "nginx.conf")


def test_nginx_answers_with_the_sites_503_page_in_the_addresss_language(tmp_path, settings, accel):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage("khartoum-media", endpoint_url="http://127.0.0.1:9000"),
    }
    text = render(tmp_path).read_text()
    pages = tmp_path / "error-pages"
    for code, direction in [("en", "ltr"), ("fr", "ltr"), ("ar", "rtl")]:
        page = (pages / f"503.{code}.html").read_text()
        assert f'<html lang="{code}" dir="{direction}">' in page
        assert 'class="error-page__code"' in page and "css/site.css" in page
    assert "The site is unavailable for a moment" in (pages / "503.en.html").read_text()
    assert "~^/fr/ 503.fr.html;" in text and "~^/ar/ 503.ar.html;" in text
    assert f"alias {pages}/;" in text
    assert "add_header Retry-After 30 always;" in text
    # For the app servers (nginx's own 502 and 504 only) and for the object store's downloads.
    proxied = text[text.index("location / {") :]
    assert "error_page 502 504 =503 /_unavailable/$unavailable_page;" in proxied
    download = text[text.index("location ^~ /protected-media/ {") : text.index("location / {")]
    assert "proxy_intercept_errors on;" in download
    assert "error_page 500 502 503 504 =503 /_unavailable/$unavailable_page;" in download
    assert_nginx_accepts(tmp_path / "nginx.conf")


def test_pages_are_not_compressed_by_nginx_but_the_api_and_exports_are(tmp_path, accel):
    text = render(tmp_path).read_text()
    pages = text[text.index("location / {") : text.index("location /api/ {")]
    assert "gzip off;" in text
    assert "gzip on" not in pages
    api = text[text.index("location /api/ {") : text.index("location ~ /export")]
    exports = text[text.index("location ~ /export") :]
    assert "gzip on;" in api and "application/json" in api
    assert "gzip on;" in exports and "text/csv" in exports
    assert "gzip_vary on;" in text and "gzip_proxied any;" in text


def test_downloads_must_be_handed_to_nginx(tmp_path, settings):
    settings.DOWNLOADS_X_ACCEL_PREFIX = ""
    with pytest.raises(CommandError, match="DJANGO_DOWNLOADS_X_ACCEL_PREFIX"):
        render(tmp_path)
