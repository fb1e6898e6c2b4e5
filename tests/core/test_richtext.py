"""Rich text: what an officer writes is kept, an attacker's is stored and shown harmless."""

import importlib
import re
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.apps import apps

from core.richtext import plain_text, sanitise
from documents.models import Document
from meetings.models import Meeting
from tests.core.test_admin import document_change_data, meeting_data
from tests.factories import DocumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db

SAFE = (
    "<h2>Opening</h2>"
    "<p>The meeting was opened by <strong>the Commissioner</strong> and <em>the Chair</em>."
    "<br>Uganda joins the Process.</p>"
    "<h3>Sessions</h3>"
    "<ul><li>Protection</li><li>Return &amp; reintegration</li></ul>"
    "<h4>Next steps</h4>"
    "<ol><li>Map the routes</li><li>Report in 2018</li></ol>"
    "<blockquote><p>Nobody should be left behind.</p></blockquote>"
    '<p>See <a href="https://www.khartoumprocess.net/">the Process\'s site</a>, '
    '<a href="mailto:secretariat@example.org">write to us</a>, '
    '<a href="/documents/">the documents</a> or <a href="#overview">the overview</a>.</p>'
)

# Each with a word that must survive where the input has text an officer could have meant.
HOSTILE = {
    "script": "<script>alert(1)</script>",
    "script, mixed case, external": "<ScRiPt SRC=//evil.example/x.js></sCrIpT>",
    "script inside a paragraph": "<p>kept<script>alert(1)</script></p>",
    "image with onerror": "<img src=x onerror=alert(1)>",
    "onclick on a paragraph": '<p onclick="alert(1)">kept</p>',
    "onmouseover on a link": '<a href="https://example.org/" onmouseover="alert(1)">kept</a>',
    "body onload": "<body onload=alert(1)><p>kept</p></body>",
    "details ontoggle": "<details open ontoggle=alert(1)><summary>kept</summary></details>",
    "unknown tag with onclick": "<x-widget onclick=alert(1)>kept</x-widget>",
    "javascript: link": '<a href="javascript:alert(1)">kept</a>',
    "javascript: mixed case": '<a href="JaVaScRiPt:alert(1)">kept</a>',
    "javascript: decimal entity": '<a href="&#106;avascript:alert(1)">kept</a>',
    "javascript: hex entities": '<a href="&#x6A;&#x61;&#x76;&#x61;script:alert(1)">kept</a>',
    "javascript: entities without semicolons": (
        '<a href="&#0000106&#0000097vascript:alert(1)">kept</a>'
    ),
    "javascript: named colon entity": '<a href="javascript&colon;alert(1)">kept</a>',
    "javascript: with a tab": '<a href="java\tscript:alert(1)">kept</a>',
    "javascript: with an encoded tab": '<a href="java&#x09;script:alert(1)">kept</a>',
    "javascript: with a newline": '<a href="java\nscript:alert(1)">kept</a>',
    "javascript: after spaces and a control character": (
        '<a href=" \x01 javascript:alert(1)">kept</a>'
    ),
    "javascript: percent-encoded": '<a href="%6A%61vascript:alert(1)">kept</a>',
    "data: URL": ('<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">kept</a>'),
    "vbscript: URL": '<a href="vbscript:msgbox(1)">kept</a>',
    "svg onload": "<svg onload=alert(1)><circle r=10 /></svg><p>kept</p>",
    "svg with script": "<svg><script>alert(1)</script></svg><p>kept</p>",
    "svg xlink:href": '<svg><a xlink:href="javascript:alert(1)"><text>drawn</text></a></svg>',
    "mathml": (
        '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">'
        "<mtext>formula</mtext></maction></math>"
    ),
    "iframe": '<iframe src="https://evil.example/"></iframe><p>kept</p>',
    "iframe srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe><p>kept</p>',
    "object and embed": '<object data="evil.swf"></object><embed src="evil.swf"><p>kept</p>',
    "form, input and formaction": (
        '<form action="https://evil.example/"><input name=password>'
        '<button formaction="javascript:alert(1)">kept</button></form>'
    ),
    "style attribute with a javascript: url": (
        '<p style="background:url(javascript:alert(1))">kept</p>'
    ),
    "style element": "<style>body { display: none }</style><p>kept</p>",
    "CSS expression()": '<div style="width: expression(alert(1))">kept</div>',
    "comment hiding markup": "<p>kept<!-- <script>alert(1)</script> --></p>",
    "conditional comment": "<!--[if gte IE 4]><script>alert(1)</script><![endif]--><p>kept</p>",
    "nested script tags": "<scr<script>ipt>alert(1)</scr</script>ipt><p>kept</p>",
    "doubled angle bracket": "<<script>alert(1)//<</script><p>kept</p>",
    "attribute breakout": '"><script>alert(1)</script><p>kept</p>',
    "unclosed tags": '<p><a href="https://example.org/">kept <strong>bold',
    "base": '<base href="https://evil.example/"><p>kept</p>',
    "meta refresh": (
        '<meta http-equiv="refresh" content="0;url=https://evil.example/"><p>kept</p>'
    ),
    "stylesheet link": '<link rel=stylesheet href="https://evil.example/x.css"><p>kept</p>',
    "noscript breakout": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p>',
    "template": "<template><script>alert(1)</script></template><p>kept</p>",
    "video source onerror": '<video><source onerror="alert(1)"></video><p>kept</p>',
    "textarea with markup": "<textarea><script>alert(1)</script></textarea><p>kept</p>",
    "target, id, class, title and lang": (
        '<p title="t" lang="en" dir="rtl" class="c"><a href="https://example.org/" '
        'target="_blank" id="x" class="y" title="z" lang="fr">kept</a></p>'
    ),
}

# What no stored value and no rich-text fragment may contain.
FORBIDDEN = re.compile(
    r"<(script|iframe|object|embed|form|input|button|svg|math|style|base|meta|link|img|video"
    r"|source|template|textarea|details)\b|javascript:|vbscript:|data:|expression\(|\son\w+\s*="
    r"|\sstyle\s*=|srcdoc|formaction|xlink",
    re.IGNORECASE,
)

# What a rich-text fragment on a page may contain, its headings moved under the page's h2.
SHOWN_TAGS = {"p", "h3", "h4", "h5", "strong", "em", "ul", "ol", "li", "a", "blockquote", "br"}


class _Elements(HTMLParser):
    """Every start tag of a page with its attributes."""

    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(markup):
    reader = _Elements()
    reader.feed(markup)
    reader.close()
    return reader.elements


def prose(page):
    """The rich-text fragment of a detail page: what is inside its `prose` block."""
    match = re.search(r'<div class="prose">(.*?)</div>', page, re.DOTALL)
    assert match, "the page shows no rich text"
    return match[1]


# The page's schema.org description: a data block that browsers never run.
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def without_data_blocks(page):
    """The page without its JSON-LD block, which must hold no markup: escaped, the text
    inside it cannot end the block or start another element."""
    for data in JSON_LD.findall(page):
        assert "<" not in data and ">" not in data, data
    return JSON_LD.sub("", page)


def assert_harmless(stored, page):
    page = without_data_blocks(page)
    assert not FORBIDDEN.search(stored), stored
    fragment = prose(page)
    assert not FORBIDDEN.search(fragment), fragment
    for tag, attributes in elements(fragment):
        assert tag in SHOWN_TAGS, tag
        allowed = {"href", "title", "rel"} if tag == "a" else set()
        assert set(attributes) <= allowed, (tag, attributes)
        if tag == "a":
            assert attributes["href"].startswith(("https:", "mailto:", "/", "#")), attributes
            assert attributes["rel"] == "noopener noreferrer"
    # The whole page: the site has no script of its own, and nothing else added one.
    lowered = page.lower()
    assert "<script" not in lowered
    assert "javascript:" not in lowered and "vbscript:" not in lowered
    for tag, attributes in elements(page):
        assert not [name for name in attributes if name.startswith("on")], (tag, attributes)


@pytest.mark.parametrize("hostile", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_body_saved_in_the_admin_is_stored_and_shown_harmless(
    secretariat_client, client, hostile
):
    response = secretariat_client.post(
        "/admin/meetings/meeting/add/",
        meeting_data(status="published", body=f"<p>Opening</p>{hostile}"),
    )
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    meeting = Meeting.objects.get()

    page = client.get(meeting.get_absolute_url())

    assert page.status_code == HTTPStatus.OK
    assert_harmless(meeting.body, page.content.decode())
    assert meeting.body.startswith("<p>Opening</p>")
    if "kept" in hostile:
        assert "kept" in plain_text(meeting.body)


@pytest.mark.parametrize("hostile", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_description_is_stored_and_shown_harmless(client, hostile):
    document = DocumentFactory(description=f"<p>Adopted</p>{hostile}")
    document.refresh_from_db()

    page = client.get(document.get_absolute_url())

    assert_harmless(document.description, page.content.decode())
    head = without_data_blocks(page.content.decode()).split("<body", 1)[0]
    assert "<script" not in head.lower()


@pytest.mark.parametrize("value", [SAFE, *HOSTILE.values()])
def test_sanitising_twice_changes_nothing(value):
    assert sanitise(sanitise(value)) == sanitise(value)


def test_an_officers_structure_is_kept_word_for_word(secretariat_client):
    response = secretariat_client.post(
        "/admin/meetings/meeting/add/", meeting_data(status="published", body=SAFE)
    )
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    meeting = Meeting.objects.get()

    assert meeting.body == SAFE.replace(
        '">', '" rel="noopener noreferrer">'
    )  # every link gets its rel, nothing else changes


def test_the_page_shows_the_structure_under_its_own_headings(client):
    meeting = MeetingFactory(body=SAFE)
    page = client.get(meeting.get_absolute_url()).content.decode()

    fragment = prose(page)
    # The body sits under the page's h2 "Overview": its headings start at h3.
    assert "<h3>Opening</h3>" in fragment and "<h4>Sessions</h4>" in fragment
    assert "<h5>Next steps</h5>" in fragment and "<h2" not in fragment
    assert page.count("<h1") == 1
    assert "<li>Return &amp; reintegration</li>" in fragment
    assert '<a href="mailto:secretariat@example.org" rel="noopener noreferrer">' in fragment
    assert "<blockquote><p>Nobody should be left behind.</p></blockquote>" in fragment


def test_a_row_written_past_the_field_is_still_shown_harmless(client):
    """A queryset update (or a restore) skips the field's save; the page sanitises again."""
    meeting = MeetingFactory(body="<p>Clean</p>")
    Meeting.objects.filter(pk=meeting.pk).update(
        body='<p onclick="alert(1)">Clean</p><script>alert(1)</script>'
    )

    page = without_data_blocks(client.get(meeting.get_absolute_url()).content.decode())

    assert "<p>Clean</p>" in prose(page)
    assert "<script" not in page and "onclick" not in page


WORD_PASTE = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"><head>
<meta name=Generator content="Microsoft Word 15">
<style>p.MsoNormal {margin:0cm; font-size:11.0pt; font-family:"Calibri",sans-serif;}</style>
</head><body lang=EN-GB style='tab-interval:36.0pt'>
<!--StartFragment-->
<h1 style='mso-margin-top-alt:auto'><span lang=EN-GB style='font-family:"Arial"'>Key
observations<o:p></o:p></span></h1>
<p class=MsoNormal><b><span style='mso-bidi-font-size:11.0pt'>Protection</span></b>
<span class=SpellE>challenges</span>
are <i style='mso-bidi-font-style:normal'>high</i>.<o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal><font face="Times New Roman" color=red>See</font>
<a href="https://www.khartoumprocess.net/" style='color:#0563C1'><span>the site</span></a>.</p>
<!--EndFragment-->
</body></html>"""

WEB_PASTE = (
    '<div class="article" id="main"><h2 class="title" data-id="7">Outcomes</h2>'
    '<p class="lead"><span style="font-weight:700">Agreed</span> by <b>all</b>.</p>'
    '<ul class="list"><li><span class="x">Routes mapped</span></li></ul>'
    "<table><tr><td>A table cell</td></tr></table>"
    '<img src="https://example.org/chart.png" alt="chart"></div>'
)


def test_a_links_title_is_kept_and_an_empty_one_dropped():
    """The editor's link dialog asks for a title, and writes an empty one when left blank."""
    assert sanitise(
        '<p><a href="/documents/" title="All the documents">list</a> '
        '<a href="https://example.org/" title="">site</a></p>'
    ) == (
        '<p><a href="/documents/" title="All the documents" rel="noopener noreferrer">list</a> '
        '<a href="https://example.org/" rel="noopener noreferrer">site</a></p>'
    )


def test_pasted_word_keeps_structure_and_drops_the_rest():
    assert sanitise(WORD_PASTE) == (
        "<h2>Key\nobservations</h2>\n"
        "<p><strong>Protection</strong>\nchallenges\nare <em>high</em>.</p>\n\n"
        '<p>See\n<a href="https://www.khartoumprocess.net/" rel="noopener noreferrer">'
        "the site</a>.</p>"
    )


def test_pasted_web_page_keeps_structure_and_drops_the_rest():
    assert sanitise(WEB_PASTE) == (
        "<h2>Outcomes</h2><p>Agreed by <strong>all</strong>.</p>"
        "<ul><li>Routes mapped</li></ul>A table cell"
    )


def test_an_editor_left_empty_stores_nothing(secretariat_client):
    response = secretariat_client.post("/admin/meetings/meeting/add/", meeting_data(body="<p></p>"))
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    assert Meeting.objects.get().body == ""


def test_the_admin_edits_with_the_editor_from_the_site_itself(secretariat_client):
    meeting = MeetingFactory(body=SAFE)
    page = secretariat_client.get(f"/admin/meetings/meeting/{meeting.pk}/change/")
    html = page.content.decode()

    assert "data-django-prose-editor-configurable" in html
    assert "/static/django_prose_editor/editor.js" in html
    # The project's own additions: pasted headings mapped to the editor's levels, a toolbar fix.
    assert "/static/js/pasted-structure.js" in html
    assert "/static/css/richtext-admin.css" in html
    # No script from another site: every script is the site's own.
    sources = [attrs.get("src", "") for tag, attrs in elements(html) if tag == "script"]
    assert sources and not [src for src in sources if src.startswith(("http:", "https:", "//"))]
    assert "Kept: paragraphs, headings, bold and italic text" in html
    assert "Ctrl+K link" in html  # the keyboard's way to each kind of structure


def test_a_document_description_is_edited_and_sanitised_in_the_admin(secretariat_client):
    document = DocumentFactory()
    data = document_change_data(
        document, [], description='<p>Adopted <b>unanimously</b>.</p><p onclick="x()">Final</p>'
    )
    response = secretariat_client.post(f"/admin/documents/document/{document.pk}/change/", data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]

    document.refresh_from_db()
    assert document.description == "<p>Adopted <strong>unanimously</strong>.</p><p>Final</p>"
    page = secretariat_client.get(f"/admin/documents/document/{document.pk}/change/")
    assert "data-django-prose-editor-configurable" in page.content.decode()


def test_a_description_is_plain_text_where_a_page_summarises_it(client):
    document = DocumentFactory(
        description="<h2>Scope</h2><p>Adopted &amp; published<br>in <em>two</em> languages.</p>"
    )
    page = client.get(document.get_absolute_url()).content.decode()

    assert (
        '<meta name="description" content="Scope Adopted &amp; published in two languages.">'
        in page
    )


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("smuggling", True),
        ("networks", True),
        ("routes & returns", True),  # the text has it as &amp;
        ("strong", False),  # a tag's name, not a word of the text
        ("href", False),
        ("noopener", False),
        ("example.org", False),  # a link's address, not its words
        # Characters that mean something to a regular expression are only characters.
        (".*", False),
        ("(", False),
        ("[a", False),
        ("\\d", False),
        ("s{2}", False),
    ],
)
def test_search_finds_the_words_not_the_tags(client, query, found):
    meeting = MeetingFactory(
        body='<p><strong>Smuggling</strong> networks, <a href="https://example.org/">routes '
        "&amp; returns</a>.</p>",
    )
    DocumentFactory(
        title="Joint conclusions",
        meeting=None,
        description="<p><strong>Smuggling</strong> networks, routes &amp; returns.</p>",
    )
    assert Meeting.objects.search(query).exists() is found
    assert Document.objects.search(query).exists() is (found and query != "example.org")
    page = client.get("/meetings/", {"q": query}).content.decode()
    assert (f'href="{meeting.get_absolute_url()}"' in page) is found


def migration(app):
    return importlib.import_module(f"{app}.migrations.0003_richtext")


def test_plain_text_becomes_paragraphs_and_back():
    meeting = MeetingFactory()
    document = DocumentFactory(meeting=meeting)
    text = "First <paragraph> & more.\nSame paragraph, it's a new line.\n\nSecond paragraph."
    # As the rows were before the migration: plain text, written past the field's sanitiser.
    Meeting.objects.filter(pk=meeting.pk).update(body=text)
    Document.objects.filter(pk=document.pk).update(description=text)

    migration("meetings").text_to_paragraphs(apps, None)
    migration("documents").text_to_paragraphs(apps, None)

    expected = (
        "<p>First &lt;paragraph&gt; &amp; more.<br>Same paragraph, it's a new line.</p>\n\n"
        "<p>Second paragraph.</p>"
    )
    meeting.refresh_from_db()
    document.refresh_from_db()
    assert meeting.body == document.description == expected
    assert sanitise(expected) == expected  # as if saved from the editor

    migration("meetings").paragraphs_to_text(apps, None)
    migration("documents").paragraphs_to_text(apps, None)

    meeting.refresh_from_db()
    document.refresh_from_db()
    assert meeting.body == document.description == text
