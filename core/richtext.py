"""Rich text: what the editor offers, what may be stored, and how it is shown.

Meeting bodies and document descriptions are HTML written in the admin's editor, pasted from
Word or a web page, or loaded by a command. Whatever the path, the field sanitises the value
before it is written (`RichTextField.pre_save`), against one allow-list: the structure an
officer can make in the editor, and nothing that runs, loads or styles anything.
"""

import html
import re
from urllib.parse import unquote

import nh3
from django import forms
from django.contrib.admin.widgets import AdminTextareaWidget
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from django_prose_editor.widgets import AdminProseEditorWidget
from js_asset import InlineStyle, Media

# What the editor offers; `sanitise` keeps the same things, so nothing an officer makes in the
# editor is dropped on save. The ordered list's "list properties" (start, numbering style) are
# switched off: they would be stripped.
EDITOR_EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "OrderedList": {"enableListAttributes": False},
    "ListItem": True,
    "Link": {"enableTarget": False},
    "Blockquote": True,
    "HardBreak": True,
    # The project's own (static/js/pasted-structure.js, settings.DJANGO_PROSE_EDITOR_EXTENSIONS).
    "PastedStructure": True,
}

HELP_TEXT = _(
    "Kept: paragraphs, headings, bold and italic text, bulleted and numbered lists, links (web "
    "and email addresses, or pages of this site) and quotations. Anything else, such as fonts, "
    "colours, tables or images, is removed when you save, also from text pasted from Word or a "
    "web page. Keys: Ctrl+B bold, Ctrl+I italic, Ctrl+K link, Ctrl+Alt+2, 3 or 4 heading, "
    "Ctrl+Alt+0 paragraph, Ctrl+Shift+8 bulleted list, Ctrl+Shift+7 numbered list, Ctrl+Shift+B "
    "quotation (on a Mac, ⌘ for Ctrl)."
)

ALLOWED_TAGS = {"p", "h2", "h3", "h4", "strong", "em", "ul", "ol", "li", "a", "blockquote", "br"}

# Tags that are kept but renamed: pasted or imported HTML often has <b>/<i>, and a page's own
# <h1> (or a deep <h5>) is still a heading the officer meant to keep.
RENAMED_TAGS = {"b": "strong", "i": "em", "h1": "h2", "h5": "h4", "h6": "h4"}

URL_SCHEMES = {"http", "https", "mailto"}

# The rel nh3 puts on every link: no window.opener and no referrer for the sites linked to.
LINK_REL = "noopener noreferrer"

# A scheme at the start of a URL, as a browser would read it once percent-escapes are decoded
# and the tabs, newlines and control characters it ignores are removed.
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")


def _attribute_filter(tag, attribute, value):
    """Drop a link whose address, decoded, names a scheme other than the allowed ones.

    nh3 already refuses `javascript:` written with entities, mixed case, tabs or control
    characters. A percent-encoded scheme (`%6Aavascript:`) is only a relative path to nh3 and
    to browsers; it is refused here too, so that nothing stored even reads like one. The
    empty title that the editor's link dialog writes when its Title is left blank goes too.
    """
    if attribute == "href":
        decoded = _IGNORED_IN_URLS.sub("", unquote(value)).lower()
        scheme = _SCHEME.match(decoded)
        if scheme and scheme[1] not in URL_SCHEMES:
            return None
    if attribute == "title" and not value.strip():
        return None
    return value


_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS | RENAMED_TAGS.keys(),
    # Removed with their content: code, styles and the head-only elements of a pasted page.
    clean_content_tags={"script", "style", "template", "title", "noscript", "textarea", "xmp"},
    # A link's title: the editor's link dialog asks for one, so it is kept (as text, escaped).
    # "*": nh3 otherwise allows `lang` and `title` on every tag.
    attributes={"a": {"href", "title"}, "*": set()},
    attribute_filter=_attribute_filter,
    url_schemes=URL_SCHEMES,
    link_rel=LINK_REL,
    strip_comments=True,
)

# nh3's output is serialised by an HTML parser: text has `<` escaped, and the tags above carry
# no attribute except a link's href, title and rel. So these patterns can only match real tags.
_RENAMED = re.compile(r"<(/?)(b|i|h1|h5|h6)>")
_LINK_WITHOUT_ADDRESS = re.compile(rf'<a (?:title="[^"]*" )?rel="{LINK_REL}">(.*?)</a>', re.DOTALL)
_HEADING = re.compile(r"<(/?)h([2-4])>")
# Paragraphs with nothing to read: the editor's trailing ones, Word's spacers (<o:p>&nbsp;).
_EMPTY_PARAGRAPH = re.compile(r"<p>(\s|<br>|&nbsp;)*</p>")


def sanitise(value):
    """The HTML that may be stored and shown: allowed tags, safe links, nothing else.

    Idempotent, so sanitising what is already stored changes nothing. Empty paragraphs are
    dropped, so an editor left empty (`<p></p>`) gives the empty string, falsy in templates.
    """
    if not value:
        return ""
    cleaned = _cleaner.clean(value)
    cleaned = _RENAMED.sub(lambda m: f"<{m[1]}{RENAMED_TAGS[m[2]]}>", cleaned)
    # A link whose address was refused is no link at all: keep its text only.
    cleaned = _LINK_WITHOUT_ADDRESS.sub(r"\1", cleaned)
    cleaned = _EMPTY_PARAGRAPH.sub("", cleaned)
    return cleaned.strip()


def html_paragraphs(texts):
    """Paragraphs of plain text as stored rich text, one <p> each, the text escaped.

    Separated by a blank line, as the data migration writes them (Django's `linebreaks`).
    """
    return sanitise(format_html_join("\n\n", "<p>{}</p>", ((text,) for text in texts)))


def shift_headings(value, top_level):
    """Sanitised HTML with its headings moved so that the editor's h2 becomes `top_level`.

    The editor offers headings 2 to 4; where a page places the text under its own h2, the
    text's headings go one level down so the page's outline stays whole.
    """
    shift = top_level - 2
    if not shift:
        return value
    return _HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + shift}>", value)


_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote)>|<br>")
_TAG = re.compile(r"<[^>]*>")


def plain_text(value):
    """The words of sanitised HTML, for excerpts and descriptions: no tags, no entities.

    Block ends become spaces so that two paragraphs do not run into one word.
    """
    text = _TAG.sub("", _BLOCK_END.sub(" ", value or ""))
    return " ".join(html.unescape(text).split())


class AdminRichTextWidget(AdminProseEditorWidget):
    """The admin's editor, with the site's adjustments to its toolbar."""

    @property
    def media(self):
        # Listed after the editor's stylesheet, so that the merged media keep it after it.
        adjustments = ["django_prose_editor/editor.css", "css/richtext-admin.css"]
        # The editor injects its base style only when the page has no <style data-tiptap-style>:
        # an empty one, given the nonce with the rest of the media, keeps it from doing so, and
        # the same rules come from a stylesheet (see css/prosemirror-base.css).
        base_style = [InlineStyle("", **{"data-tiptap-style": ""}), "css/prosemirror-base.css"]
        return (
            super().media + forms.Media(css={"all": adjustments}) + Media(css={"all": base_style})
        )


class NoncedMediaAdmin:
    """A ModelAdmin whose change form renders its scripts and styles with the CSP nonce.

    The editor's import map is an inline `<script type="importmap">`, which the Content
    Security Policy runs only with the request's nonce; js_asset's Media puts the nonce on
    every tag it renders, so the admin's own scripts carry it too.
    """

    def render_change_form(self, request, context, *args, **kwargs):
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, *args, **kwargs)


class RichTextField(ProseEditorField):
    """A text field edited with the rich-text editor and stored as sanitised HTML.

    Sanitised in `pre_save`, so every way of saving a row (the admin, a command, a bulk
    create) stores only clean HTML, and in `clean` so a form shows what will be stored.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", HELP_TEXT)
        super().__init__(*args, extensions=EDITOR_EXTENSIONS, sanitize=sanitise, **kwargs)

    def formfield(self, **kwargs):
        # The admin asks for its textarea; it gets its editor.
        widget = kwargs.get("widget")
        if widget is AdminTextareaWidget or isinstance(widget, AdminTextareaWidget):
            kwargs["widget"] = AdminRichTextWidget
        return super().formfield(**kwargs)

    def pre_save(self, model_instance, add):
        value = sanitise(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value
