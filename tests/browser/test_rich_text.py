"""Word's clipboard pasted into the rich-text editor, in Chromium: the structure Word writes as
looks (a list of "·" paragraphs, a line in large bold type) arrives as structure, and what
the editor writes is what the sanitiser stores."""

from pathlib import Path

from core.richtext import sanitise
from tests.browser.conftest import sign_in

# As Word 365 puts a selection on the clipboard (text/html): its namespaces and styles, each
# list paragraph marked `mso-list:l0 level1 lfo1` with its bullet in `<![if !supportLists]>`,
# empty <o:p> elements, and the fragment's comments.
WORD_CLIPBOARD = (Path(__file__).parent / "word_clipboard.html").read_text()


def paste(editor, html):
    editor.click()
    editor.evaluate(
        """(element, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", element.innerText);
            element.dispatchEvent(
                new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true})
            );
        }""",
        html,
    )


def test_a_word_selection_pasted_into_the_editor_keeps_its_structure(page, site, secretariat_user):
    sign_in(page, site, secretariat_user)
    page.goto(site("admin:meetings_meeting_add"))
    paste(page.locator(".field-body [contenteditable=true]"), WORD_CLIPBOARD)

    stored = sanitise(page.locator("textarea[name=body]").input_value())
    assert stored == (
        "<h2>Key observations</h2>"
        '<p>See <a href="https://www.khartoumprocess.net/" rel="noopener noreferrer">'
        "the Process’s site</a> "
        '<a href="https://www.iom.int/" rel="noopener noreferrer">IOM</a> for more.</p>'
        "<ul><li><p>Protection challenges are high.</p></li>"
        "<li><p>Competition for resources will grow.</p></li>"
        "<li><p>Durable solutions need education.</p></li></ul>"
        "<ol><li><p>Strategies before return</p></li><li><p>Identification</p></li></ol>"
        "<p>The meeting closed.</p>"
    )
