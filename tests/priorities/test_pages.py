"""The priority domains on the meeting's and the document's pages."""

import pytest

from tests.factories import (
    ConclusionFactory,
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
    PriorityDomainFactory,
)

pytestmark = pytest.mark.django_db


def test_a_conclusion_names_only_the_domains_its_meeting_is_not_on(client):
    back, smuggling = (
        PriorityDomainFactory(slug="return"),
        PriorityDomainFactory(slug="irregular-migration"),
    )
    meeting = MeetingFactory()
    meeting.domains.set([back])
    ConclusionFactory(meeting=meeting, text="On return, as the meeting.").domains.set([back])
    ConclusionFactory(meeting=meeting, text="On smuggling too.").domains.set([smuggling, back])

    page = client.get(meeting.get_absolute_url()).text

    assert page.count('class="conclusions__domains"') == 1
    note = page[page.index("On smuggling too.") :].split("</li>")[0]
    assert (
        f'(Priority domain: <a href="/meetings/?domain=irregular-migration">'
        f"{smuggling.short_name}</a>)" in note
    )
    # The meeting's own, in its facts.
    assert f'<a href="/meetings/?domain=return">{back.name}</a>' in page


def test_a_document_names_its_domains_in_its_facts(client):
    document = DocumentFactory()
    DocumentFileFactory(document=document)
    document.domains.set([PriorityDomainFactory(slug="protection")])

    page = client.get(document.get_absolute_url()).text

    assert "<dt>Priority domain</dt>" in page
    assert '<a href="/documents/?domain=protection">Protection and asylum</a>' in page
