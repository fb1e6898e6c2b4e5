"""The visitor's journey with the keyboard alone: skip link, filters, submit, a result.

Every control the Tab key reaches on the way shows where the focus is."""

import re

from playwright.sync_api import expect

# What has the focus, and whether it is drawn: an outline or a ring (box-shadow) on it, or on
# the card that holds it (a meeting card draws the focus of its link around the whole card).
FOCUS = """() => {
  const element = document.activeElement
  const drawn = (node) => {
    const style = getComputedStyle(node)
    return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
      || style.boxShadow !== "none"
  }
  let visible = false
  for (let node = element; node && node !== document.body && !visible; node = node.parentElement) {
    visible = drawn(node)
    if (node !== element && node.matches("li, form, main")) break
  }
  return {
    what: `${element.tagName.toLowerCase()}${element.id ? "#" + element.id : ""} `
      + `${(element.getAttribute("name") || element.textContent || "").trim().slice(0, 40)}`,
    name: element.getAttribute("name"),
    id: element.id,
    inResults: Boolean(element.closest(".meeting-list")),
    visible,
  }
}"""


def tab_to(page, wanted, unseen, limit=60):
    """Press Tab until `wanted(focus)`; note each control whose focus is not drawn."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        if not focus["visible"]:
            unseen.append(focus["what"])
        if wanted(focus):
            return focus
    raise AssertionError("Tab never reached the control")


def test_a_keyboard_user_skips_to_the_content_filters_and_opens_a_meeting(page, site, record):
    unseen = []
    page.goto(site("meetings:list"))

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    assert page.evaluate(FOCUS)["visible"]
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["height"] > 0  # on the screen once focused
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    tab_to(page, lambda focus: focus["name"] == "type", unseen)
    page.keyboard.type("Thematic")
    tab_to(page, lambda focus: focus["name"] == "year", unseen)
    page.keyboard.type("2017")
    tab_to(page, lambda focus: focus["name"] == "host_country", unseen)
    page.keyboard.type("Ethiopia")
    tab_to(page, lambda focus: focus["what"].startswith("button"), unseen)
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"type=thematic-meeting&year=2017&host_country=ET"))

    tab_to(page, lambda focus: focus["inResults"], unseen)
    title = page.evaluate("document.activeElement.textContent").strip()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert unseen == []
