"""/follow-up/ and the meeting pages' follow-up sections are valid HTML (the Nu Html
Checker, as tests/test_html_validity.py runs it)."""

import os

import pytest

from tests.test_html_validity import JAVA, NO_JAVA, validate

pytestmark = pytest.mark.django_db


def test_the_follow_up_pages_are_valid_html(client, record, tmp_path):
    if JAVA is None:
        if os.environ.get("CI"):
            pytest.fail(NO_JAVA)
        pytest.skip(NO_JAVA)
    pages = {
        "follow-up": "/follow-up/",
        "follow-up-filtered": "/follow-up/?domain=return&organisation=igad",
        "follow-up-bad-filter": "/follow-up/?year=abc&status=nothing",
        "follow-up-empty": "/follow-up/?meeting=rome&status=open",
        "follow-up-fr": "/fr/follow-up/?status=achieved",
        "follow-up-ar": "/ar/follow-up/",
        "meeting-with-follow-up": record["rome"].get_absolute_url(),
        "meeting-taking-up": record["later"].get_absolute_url(),
        "meeting-ar": "/ar" + record["berlin"].get_absolute_url(),
    }
    paths = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        paths.append(path)
    assert validate(paths) == []
