"""Reading rendered pages as a visitor's browser would: what a form offers."""

from html.parser import HTMLParser


class _SelectReader(HTMLParser):
    def __init__(self, name):
        super().__init__()
        self.name = name
        self.inside = False
        self.options = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self.inside = attrs.get("name") == self.name
        elif tag == "option" and self.inside:
            self.options.append([attrs.get("value", ""), "", "selected" in attrs])

    def handle_endtag(self, tag):
        if tag == "select":
            self.inside = False

    def handle_data(self, data):
        if self.inside and self.options:
            self.options[-1][1] += data


def select_options(response, name):
    """[(value, text, selected)] of the select called `name`, without its “All” option."""
    reader = _SelectReader(name)
    reader.feed(response.content.decode())
    return [(value, text.strip(), selected) for value, text, selected in reader.options if value]


def facet_counts(response, name):
    """{value: count} read from a facet's options, each written “Label (count)”."""
    return {
        value: int(text.rsplit("(", 1)[1].rstrip(")"))
        for value, text, _selected in select_options(response, name)
    }
