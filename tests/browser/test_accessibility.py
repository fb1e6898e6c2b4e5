"""Every public page type, in every language, and the admin's main pages pass axe-core with
no violation; public pages fit a 320 px wide screen, and a 1280 px one zoomed to 200%,
without scrolling sideways.

axe-core is the copy that the axe-playwright-python package ships: nothing is fetched. Each
test visits all its pages on one record (a record costs seconds to make and to empty) and
reports every page that fails, not only the first.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import LANGUAGES, sign_in
from tests.browser.record import PUBLIC_PAGES

AXE = Axe()
# A 1280 px window zoomed to 200% is 640 CSS pixels wide; a phone held upright, 320.
NARROW_WINDOWS = [640, 320]


def violations(page):
    """axe-core's violations on the page as it stands, one readable line each."""
    results = AXE.run(page)
    return [
        f"{rule['id']} ({rule['impact']}): {rule['help']} — "
        + "; ".join(" ".join(node["target"]) for node in rule["nodes"][:5])
        for rule in results.response["violations"]
    ]


def report(failures):
    return "\n".join(
        f"{name}:\n" + "\n".join(f"  {problem}" for problem in problems)
        for name, problems in failures.items()
    )


def scroll_width(page):
    return page.evaluate("document.scrollingElement.scrollWidth")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_passes_axe_and_fits_320_px_and_200_percent_zoom(
    page, site, record, language
):
    failures = {}
    for name, address in PUBLIC_PAGES:
        url_name, kwargs, query = address(record)
        page.set_viewport_size({"width": 1280, "height": 900})
        response = page.goto(site(url_name, language=language, query=query, **kwargs))
        problems = violations(page)
        if (headings := page.locator("h1").count()) != 1:
            problems.append(f"{headings} level-one headings")
        if response.status != (404 if name == "not-found" else 200):
            problems.append(f"answered {response.status}")
        for narrow in NARROW_WINDOWS:
            page.set_viewport_size({"width": narrow, "height": 640})
            if (width := scroll_width(page)) > narrow:
                problems.append(f"{width} px wide at {narrow} px")
        if problems:
            failures[name] = problems
    assert not failures, report(failures)


def test_the_admins_main_pages_pass_axe_and_fit_1280_px(page, site, record, secretariat_user):
    pages = {
        "login": lambda: page.goto(site("admin:login")),
        "index": lambda: sign_in(page, site, secretariat_user),
        "meeting list": lambda: page.goto(site("admin:meetings_meeting_changelist")),
        "meeting form": lambda: page.goto(site("admin:meetings_meeting_change", record.meeting.pk)),
    }
    failures = {}
    for name, visit in pages.items():
        visit()
        problems = violations(page)
        if (width := scroll_width(page)) > 1280:
            problems.append(f"{width} px wide at 1280 px")
        if problems:
            failures[name] = problems
    assert not failures, report(failures)
