"""`domain=` on the search page: a meeting by itself or a conclusion, a conclusion by itself
or its meeting, a document by itself; counted like the other filters."""

import html
import re
from http import HTTPStatus

import pytest

from core.publishing import Status
from tests.factories import (
    ConclusionFactory,
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
    PriorityDomainFactory,
)

pytestmark = pytest.mark.django_db


def options(response, name):
    select = re.search(rf'<select name="{name}".*?</select>', response.text, re.S).group()
    return [html.unescape(label) for label in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


def found(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == HTTPStatus.OK
    titles = re.findall(
        r'<li class="search-result[^"]*">\s*<p class="eyebrow">[^<·]+'
        r'.*?<a href="[^"]+">([^<]+)</a>',
        response.text,
        re.S,
    )
    return response, sorted(html.unescape(title) for title in titles)


def test_the_search_filters_and_counts_by_domain(client):
    back = PriorityDomainFactory(slug="return")
    smuggling = PriorityDomainFactory(slug="irregular-migration")
    addis = MeetingFactory(title="Migration Addis", host_country="ET")
    addis.domains.set([back])
    rome = MeetingFactory(title="Migration Rome", host_country="IT")
    # Rome is on return by a conclusion; the conclusion of Addis is by its meeting.
    ConclusionFactory(meeting=rome, text="Migration routes: return.").domains.set([back])
    ConclusionFactory(meeting=addis, text="Migration talks.")
    report = DocumentFactory(title="Migration report", meeting=rome)
    DocumentFileFactory(document=report)
    report.domains.set([smuggling])
    hidden = MeetingFactory(title="Migration draft", status=Status.DRAFT)
    hidden.domains.set([back, PriorityDomainFactory(slug="protection")])

    everything, _ = found(client, q="migration")
    assert options(everything, "domain") == [
        "All",
        f"{smuggling.short_name} (1)",
        f"{back.short_name} (4)",
    ]
    on_return, titles = found(client, q="migration", domain="return")
    assert "Meeting (2)" in on_return.text and "Conclusion (2)" in on_return.text
    # Each meeting, and each conclusion under its meeting's title.
    assert titles == ["Migration Addis", "Migration Addis", "Migration Rome", "Migration Rome"]
    # The other filters count with the domain, the domain with the others.
    assert options(on_return, "host_country") == ["All", "Ethiopia (2)", "Italy (2)"]
    in_italy, _ = found(client, q="migration", host_country="IT")
    assert options(in_italy, "domain") == [
        "All",
        f"{smuggling.short_name} (1)",
        f"{back.short_name} (2)",
    ]
    # Offered whichever kind of public item is on it: here, a document alone.
    _, titles = found(client, q="migration", domain="irregular-migration", kind="document")
    assert titles == ["Migration report"]


@pytest.mark.parametrize("value", ["nope", "protection"])
def test_a_domain_no_public_meeting_is_on_is_a_message_as_a_bad_type(client, value):
    hidden = MeetingFactory(title="Migration draft", status=Status.DRAFT)
    hidden.domains.set([PriorityDomainFactory(slug="protection")])
    MeetingFactory(title="Migration Addis")
    for name in ("domain", "type"):
        response, _ = found(client, q="migration", **{name: value})
        assert "Select a valid choice" in response.text
        assert "Migration Addis" not in response.text
