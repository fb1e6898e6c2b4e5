"""Light on slow links: each public page's first view, its HTML and stylesheets as a server
compresses them (gzip), stays under 20 KB, in every language, and needs no script."""

import gzip
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation

from tests.browser.record import PUBLIC_PAGES, make_record

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
GOAL = 20 * 1024
STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
# Data blocks (JSON-LD) are never run; any other script would be.
SCRIPT = re.compile(r"<script(?![^>]*type=\"application/ld\+json\")", re.IGNORECASE)


def compressed(content):
    return len(gzip.compress(content, compresslevel=6))


def stylesheet(href):
    with open(finders.find(href.removeprefix(settings.STATIC_URL)), "rb") as file:
        return file.read()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_pages_first_view_is_under_20_kb_and_has_no_script(client, language):
    record = make_record()
    weights, scripted = {}, []
    for name, address in PUBLIC_PAGES:
        url_name, kwargs, query = address(record)
        with translation.override(language):
            path = reverse(url_name, kwargs=kwargs) + (f"?{query}" if query else "")
        html = client.get(path).content
        css = [stylesheet(href) for href in STYLESHEET.findall(html.decode())]
        weights[name] = compressed(html) + sum(map(compressed, css))
        if SCRIPT.search(html.decode()):
            scripted.append(name)
    assert {name: weight for name, weight in weights.items() if weight >= GOAL} == {}
    assert scripted == []
