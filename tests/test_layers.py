"""The layers of ARCHITECTURE.md are held by `lint-imports`: an import that points up fails."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = [
    "khartoum",
    "accounts",
    "alerts",
    "api",
    "demo",
    "glance",
    "maintenance",
    "search",
    "secretariat",
    "followup",
    "process",
    "meetings",
    "documents",
    "priorities",
    "core",
]


def lint_imports(tree):
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(lint), "--no-cache"], cwd=tree, capture_output=True, text=True, check=False
    )


@pytest.fixture
def tree(tmp_path):
    """A copy of the code, to add an arrow to."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def add_import(tree, module, line):
    path = tree / (module.replace(".", "/") + ".py")
    path.write_text(path.read_text() + f"\n\ndef added():\n    {line}\n")


def test_the_code_keeps_every_contract(tree):
    result = lint_imports(tree)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # The shared layer importing the domain: the search engine must not know a model.
        (
            "core.search",
            "from meetings.models import Meeting",
            "core is not allowed to import meetings",
        ),
        (
            "documents.filters",
            "from meetings.models import Meeting",
            "documents is not allowed to import meetings",
        ),
        (
            "meetings.views",
            "from search.views import SearchView",
            "meetings is not allowed to import search",
        ),
        (
            "glance.charts",
            "from api.views import MeetingViewSet",
            "The features do not know each other BROKEN",
        ),
        (
            "core.record_version",
            "from core.page_cache import PageCacheMiddleware",
            "No import cycle",
        ),
    ],
)
def test_an_arrow_that_points_up_fails(tree, module, line, broken):
    add_import(tree, module, line)
    result = lint_imports(tree)
    assert result.returncode != 0
    assert broken in result.stdout
