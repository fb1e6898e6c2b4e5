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


class _FormReader(HTMLParser):
    """What a browser would send for one form, as it stands: {name: [values]}."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside_form = False
        self.data = {}
        self.select = None  # [name, first value, selected values, multiple]
        self.textarea = None  # [name, text]

    def add(self, name, value):
        # The admin's empty inline form, copied by its script, is not sent as a row.
        if name and "__prefix__" not in name:
            self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside_form = attrs.get("id") == self.form_id
        if not self.inside_form or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.add(name, attrs.get("value", "on" if kind in {"checkbox", "radio"} else ""))
        elif tag == "select":
            self.select = [name, None, [], "multiple" in attrs]
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            if self.select[1] is None:
                self.select[1] = value
            if "selected" in attrs:
                self.select[2].append(value)
        elif tag == "textarea":
            self.textarea = [name, ""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside_form = False
        elif tag == "select" and self.select:
            name, first, selected, multiple = self.select
            values = selected or ([] if multiple or first is None else [first])
            for value in values:
                self.add(name, value)
            self.select = None
        elif tag == "textarea" and self.textarea:
            name, text = self.textarea
            # A browser drops the one newline that follows <textarea>.
            self.add(name, text.removeprefix("\n"))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data


def form_data(response, form_id):
    """The fields of the form `form_id` as a browser would post them, files left out."""
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    return {name: values[0] if len(values) == 1 else values for name, values in reader.data.items()}
