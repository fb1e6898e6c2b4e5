"""How the meeting and document pages print, and that nothing moves for a visitor who asked
for reduced motion."""

STYLE = """([selector, pseudo]) => {
  const element = document.querySelector(selector)
  if (!element) return null
  const style = getComputedStyle(element, pseudo)
  return {
    display: style.display,
    color: style.color,
    background: style.backgroundColor,
    content: style.content,
    transition: style.transitionDuration,
    scroll: style.scrollBehavior,
  }
}"""
BLACK = "rgb(0, 0, 0)"
HIDDEN_IN_PRINT = [".site-header", ".site-nav", ".skip-link", ".site-footer"]


def style(page, selector, pseudo=None):
    return page.evaluate(STYLE, [selector, pseudo])


def test_meeting_and_document_pages_print_black_on_white_with_each_downloads_address(
    page, site, record
):
    page.emulate_media(media="print")
    for address in [
        site("meetings:detail", slug=record.meeting.slug),
        site("documents:detail", pk=record.document.pk),
    ]:
        page.goto(address)
        assert [style(page, selector)["display"] for selector in HIDDEN_IN_PRINT] == ["none"] * len(
            HIDDEN_IN_PRINT
        )
        for selector in ["body", "h1", "main p"]:
            assert style(page, selector)["color"] == BLACK, (address, selector)
        assert style(page, "body")["background"] in {"rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"}
        link = ".file-link, .download__link"
        printed = style(page, link, "::after")["content"]
        assert page.locator(link).first.get_attribute("href") in printed


def test_nothing_moves_or_scrolls_smoothly_when_the_visitor_asks_for_reduced_motion(
    page, site, record
):
    page.goto(site("meetings:list"))
    assert style(page, "html")["scroll"] == "smooth"
    page.emulate_media(reduced_motion="reduce")
    assert style(page, "html")["scroll"] == "auto"
    moving = page.evaluate(
        """() => [...document.querySelectorAll("body *")].filter((element) => {
          const style = getComputedStyle(element)
          return style.transitionDuration.split(",").some((time) => parseFloat(time) > 0)
            || style.animationName !== "none" && parseFloat(style.animationDuration) > 0
        }).map((element) => element.className || element.tagName)"""
    )
    assert moving == []
