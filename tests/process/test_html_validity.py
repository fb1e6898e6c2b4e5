"""The Process over time's pages are valid HTML, checked offline by the Nu Html Checker, as
every other public page is (tests/test_html_validity.py, whose checker this reuses)."""

import os

import pytest

from tests.process.test_pages import record  # noqa: F401 (a fixture)
from tests.test_html_validity import JAVA, NO_JAVA, validate

pytestmark = pytest.mark.django_db


def test_the_process_pages_are_valid_html(client, record, tmp_path):  # noqa: F811
    if JAVA is None:
        if os.environ.get("CI"):
            pytest.fail(NO_JAVA)
        pytest.skip(NO_JAVA)
    pages = {
        "members": "/members/",
        "organisation": "/organisations/ethiopia/",
        "organisation-without-meetings": "/organisations/germany/",
        "process": "/process/",
        "meeting-with-its-chair": "/meetings/som-2016/",
        "meetings-of-an-organisation": "/meetings/?organisation=ethiopia",
        "members-fr": "/fr/members/",
        "organisation-ar": "/ar/organisations/ethiopia/",
        "process-ar": "/ar/process/",
        "process-fr": "/fr/process/",
    }
    paths = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        paths.append(path)
    errors = validate(paths)
    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(errors)
