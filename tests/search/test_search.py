"""The search page and the lists' search: one engine, ranked, highlighted, public rows only."""

import datetime
import html
import re
from http import HTTPStatus

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from core.publishing import Status
from documents.services import attach_file
from meetings.models import Meeting
from tests.factories import (
    ConclusionFactory,
    DocumentFactory,
    DocumentFileFactory,
    DocumentTypeFactory,
    MeetingFactory,
    MeetingTypeFactory,
    OrganisationFactory,
    ParticipantFactory,
)
from tests.search.test_search_extraction import docx, text_pdf

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="stemming and accent folding are PostgreSQL's full-text search",
)


def results(response):
    """(kind label, title, link) of each result on a search page."""
    page = response.content.decode()
    items = re.findall(
        r'<li class="search-result[^"]*">\s*<p class="eyebrow">([^<·]+).*?'
        r'<a href="([^"]+)">([^<]+)</a>',
        page,
        re.S,
    )
    return [(kind.strip(), html.unescape(title), url) for kind, url, title in items]


def titles(response):
    return [title for _kind, title, _url in results(response)]


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == HTTPStatus.OK
    return response


def test_an_empty_search_shows_the_prompt_not_every_row(client):
    MeetingFactory(title="Khartoum meeting")
    response = search(client)
    assert "Type a few words" in response.content.decode()
    assert results(response) == []
    assert results(search(client, q="   ")) == []


def test_a_word_finds_the_meeting_whatever_its_case(client):
    meeting = MeetingFactory(title="Return and Reintegration", summary="Of migrants.")
    MeetingFactory(title="Something else")
    assert results(search(client, q="reintegration")) == [
        ("Meeting", "Return and Reintegration", meeting.get_absolute_url())
    ]


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Réintégration durable", "reintegration"),
        ("Sustainable reintegration", "réintégration"),
        ("Sustainable Reintegration", "REINTÉGRATION"),
        ("Returns of migrants", "return"),
        # Stemming: "returns" is not a substring of "return".
        pytest.param("The return of a migrant", "returns migrants", marks=postgresql_only),
        ("Reintegration programmes", "programme"),
    ],
)
def test_accents_case_and_plurals_are_folded(client, text, query):
    MeetingFactory(title=text)
    assert titles(search(client, q=query)) == [text]
    assert [m.title for m in Meeting.objects.search(query)] == [text]


@postgresql_only
@pytest.mark.parametrize(
    ("text", "query"),
    [
        # English stemming keeps "regionaux" and "regional" apart, French does not.
        ("Les programmes régionaux de retour", "régionale"),
        ("Les personnes accueillies", "accueillir"),
        ("Les services nationaux", "nationale"),
    ],
)
def test_french_words_in_a_meetings_record_are_stemmed_too(client, text, query):
    meeting = MeetingFactory(title="Senior officials' meeting", summary=text)
    conclusion = ConclusionFactory(meeting=MeetingFactory(title="Rome"), text=text)
    MeetingFactory(title="Another meeting", summary="Nothing of the kind.")
    # A meeting's record includes its conclusions.
    assert set(Meeting.objects.search(query)) == {meeting, conclusion.meeting}
    assert sorted(titles(search(client, q=query))) == ["Rome", "Rome", "Senior officials' meeting"]
    assert titles(search(client, q=query, kind="conclusion")) == [conclusion.meeting.title]


def test_every_word_is_found_not_only_the_whole_phrase(client):
    both = MeetingFactory(title="Return and Reintegration", summary="Of migrants.")
    MeetingFactory(title="Voluntary return", summary="Of migrants.")
    apart = MeetingFactory(title="Niamey senior officials", summary="Réintégration durable.")
    ParticipantFactory(meeting=apart, organisation=OrganisationFactory(name="Return Office"))
    found = titles(search(client, q="return and reintegration"))
    assert both.title in found and "Voluntary return" not in found
    assert set(titles(search(client, q="return reintegration"))) == {both.title, apart.title}
    # Each word may be in a different place: the title, the summary, a participant.
    assert titles(search(client, q="niamey reintegration")) == [apart.title]
    assert titles(search(client, q="niamey return")) == [apart.title]
    page = client.get("/meetings/", {"q": "return, reintegration"}).content.decode()
    assert f'href="{both.get_absolute_url()}"' in page


def test_a_quoted_phrase_stays_a_phrase(client):
    MeetingFactory(title="Return and reintegration", summary="Of migrants.")
    MeetingFactory(title="Reintegration and return", summary="Of migrants.")
    assert titles(search(client, q='"return and reintegration"')) == ["Return and reintegration"]
    assert titles(search(client, q='migrants "reintegration and return"')) == [
        "Reintegration and return"
    ]


def test_a_document_is_found_by_words_in_its_title_and_its_file(client):
    document = DocumentFactory(title="Analysis report")
    attach_file(
        document, "en", SimpleUploadedFile("r.pdf", text_pdf("Intro", "The Agadez corridor."))
    )
    DocumentFactory(title="Another analysis")
    assert titles(search(client, q="analysis agadez")) == ["Analysis report"]
    page = client.get("/documents/", {"q": "analysis agadez"}).content.decode()
    assert f'href="{document.get_absolute_url()}"' in page


def test_a_phrase_only_inside_a_pdf_is_found_with_a_highlighted_snippet(client):
    document = DocumentFactory(title="Analysis report")
    attach_file(
        document,
        "en",
        SimpleUploadedFile("r.pdf", text_pdf("Intro", "Smugglers use the Agadez corridor.")),
    )
    response = search(client, q="Agadez corridor")
    assert results(response) == [("Document", "Analysis report", document.get_absolute_url())]
    assert re.search(r"<mark>Agadez</mark>\s*<mark>corridor</mark>", response.content.decode())


def test_a_word_inside_a_word_file_is_found(client):
    document = DocumentFactory(title="Minutes")
    attach_file(
        document,
        "en",
        SimpleUploadedFile(
            "m.docx",
            docx(
                ("Khartoum ", "Eritrea"),
            ),
        ),
    )
    assert titles(search(client, q="eritrea")) == ["Minutes"]


def test_the_document_list_search_reads_the_files_too(client):
    document = DocumentFactory(title="Minutes")
    attach_file(
        document,
        "en",
        SimpleUploadedFile(
            "m.docx",
            docx(
                ("Khartoum Eritrea",),
            ),
        ),
    )
    page = client.get("/documents/", {"q": "eritrea"}).content.decode()
    assert f'href="{document.get_absolute_url()}"' in page


def test_a_conclusion_links_to_its_place_on_the_meeting_page(client):
    meeting = MeetingFactory(title="Addis thematic")
    conclusion = ConclusionFactory(meeting=meeting, text="Strengthen border cooperation.")
    found = results(search(client, q="border cooperation", kind="conclusion"))
    assert found == [
        ("Conclusion", "Addis thematic", f"{meeting.get_absolute_url()}#conclusion-{conclusion.pk}")
    ]
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f'id="conclusion-{conclusion.pk}"' in page


def test_participants_lead_to_their_meeting(client):
    meeting = MeetingFactory(title="Rome SOM")
    ParticipantFactory(
        meeting=meeting, organisation=OrganisationFactory(name="World Bank", acronym="WB")
    )
    ParticipantFactory(meeting=meeting, person_name="Amina Mohammed")
    for query in ("world bank", "WB", "amina"):
        assert titles(search(client, q=query)) == ["Rome SOM"], query


def test_snippets_are_escaped_and_only_the_match_is_marked(client):
    MeetingFactory(title="Escapes", summary="Beware <script>alert(1)</script> smuggling & more")
    page = search(client, q="smuggling").content.decode()
    assert "<script>alert" not in page
    assert "</script> smuggling" not in page
    assert "<mark>smuggling</mark>" in page


def test_results_are_ranked_title_first(client):
    MeetingFactory(title="Other meeting", summary="Mentions trafficking once.")
    MeetingFactory(title="Trafficking in human beings", summary="Summary.")
    assert titles(search(client, q="trafficking"))[0] in {
        "Trafficking in human beings",
        "Other meeting",
    }
    if connection.vendor == "postgresql":
        assert titles(search(client, q="trafficking")) == [
            "Trafficking in human beings",
            "Other meeting",
        ]


def test_filters_narrow_the_results_and_the_kinds_are_counted(client):
    thematic = MeetingTypeFactory(slug="thematic-meeting")
    report = DocumentTypeFactory(slug="report")
    addis = MeetingFactory(title="Migration Addis", meeting_type=thematic, host_country="ET")
    MeetingFactory(title="Migration Rome", host_country="IT")
    ConclusionFactory(meeting=addis, text="Migration routes are mapped.")
    DocumentFactory(title="Migration report", meeting=addis, document_type=report)
    DocumentFileFactory(
        document=DocumentFactory(title="Migration note", meeting=None), language="fr"
    )
    page = search(client, q="migration").content.decode()
    assert "Meeting (2)" in page and "Conclusion (1)" in page and "Document (2)" in page
    assert sorted(titles(search(client, q="migration", host_country="ET"))) == [
        "Migration Addis",
        "Migration Addis",
        "Migration report",
    ]
    assert titles(search(client, q="migration", type="thematic-meeting", kind="meeting")) == [
        "Migration Addis"
    ]
    assert titles(search(client, q="migration", document_type="report")) == ["Migration report"]
    assert titles(search(client, q="migration", language="fr")) == ["Migration note"]
    # A kind that the document filters rule out: nothing, and no error.
    assert titles(search(client, q="migration", language="fr", kind="meeting")) == []


def options(response, name):
    """The options of one filter's select on the search page, as a visitor reads them."""
    page = response.content.decode()
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group()
    return [html.unescape(label) for label in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


def test_each_filter_value_shows_how_many_results_it_would_give(client):
    thematic = MeetingTypeFactory(slug="thematic", name="Thematic meeting")
    som = MeetingTypeFactory(slug="som", name="Senior officials")
    report = DocumentTypeFactory(slug="report", name="Report")
    note = DocumentTypeFactory(slug="note", name="Note")
    addis = MeetingFactory(
        title="Migration Addis",
        meeting_type=thematic,
        host_country="ET",
        start_date=datetime.date(2017, 5, 18),
    )
    MeetingFactory(
        title="Migration Rome",
        meeting_type=som,
        host_country="IT",
        start_date=datetime.date(2018, 3, 1),
    )
    ConclusionFactory(meeting=addis, text="Migration routes are mapped.")
    english = DocumentFactory(
        title="Migration report",
        meeting=addis,
        document_type=report,
        date=datetime.date(2017, 6, 1),
    )
    DocumentFileFactory(document=english, language="en")
    both = DocumentFactory(
        title="Migration note", meeting=None, document_type=note, date=datetime.date(2018, 1, 9)
    )
    DocumentFileFactory(document=both, language="en")
    DocumentFileFactory(document=both, language="fr")
    # Drafts and scheduled items are never counted.
    later = timezone.now() + datetime.timedelta(days=2)
    hidden = MeetingFactory(
        title="Migration draft",
        status=Status.DRAFT,
        meeting_type=thematic,
        host_country="ER",
        start_date=datetime.date(2019, 1, 1),
    )
    ConclusionFactory(meeting=hidden, text="Migration hidden.")
    DocumentFileFactory(
        document=DocumentFactory(
            title="Migration scheduled", publish_at=later, date=datetime.date(2019, 1, 1)
        ),
        language="ar",
    )

    everything = search(client, q="migration")
    assert options(everything, "year") == ["All", "2018 (2)", "2017 (3)"]
    assert options(everything, "type") == ["All", "Senior officials (1)", "Thematic meeting (3)"]
    assert options(everything, "host_country") == ["All", "Ethiopia (3)", "Italy (1)"]
    assert options(everything, "document_type") == ["All", "Note (1)", "Report (1)"]
    assert options(everything, "language") == ["All", "English (2)", "French (1)"]

    # A filter's own values are counted without it, the others' with it.
    in_2017 = search(client, q="migration", year=2017)
    assert options(in_2017, "year") == ["All", "2018 (2)", "2017 (3)"]
    assert options(in_2017, "type") == ["All", "Thematic meeting (3)"]
    assert options(in_2017, "document_type") == ["All", "Report (1)"]
    assert options(in_2017, "language") == ["All", "English (1)"]

    # A document's filter leaves only documents.
    in_french = search(client, q="migration", language="fr")
    assert options(in_french, "year") == ["All", "2018 (1)"]
    assert options(in_french, "type") == ["All"]
    assert options(in_french, "language") == ["All", "English (2)", "French (1)"]
    assert titles(in_french) == ["Migration note"]

    # So does a kind; a chosen value stays listed when the others leave it nothing.
    meetings = search(client, q="migration", kind="meeting", document_type="report")
    assert options(meetings, "year") == ["All"]
    assert options(meetings, "document_type") == ["All", "Report (0)"]
    meetings = search(client, q="migration", kind="meeting")
    assert options(meetings, "year") == ["All", "2018 (1)", "2017 (1)"]
    assert options(meetings, "language") == ["All"]


def test_results_are_paginated(client):
    for number in range(25):
        MeetingFactory(title=f"Mixed migration {number}")
    first, second = search(client, q="mixed"), search(client, q="mixed", page=2)
    assert len(titles(first)) == 20 and len(titles(second)) == 5
    assert not set(titles(first)) & set(titles(second))
    assert len(titles(search(client, q="mixed", page=99))) == 5


def test_only_the_newest_matches_are_ranked_and_the_others_follow(client, monkeypatch):
    from core import search as engine

    monkeypatch.setattr(engine, "RANKED", 2)
    monkeypatch.setattr("search.views.PER_PAGE", 3)
    old = MeetingFactory(title="Mixed migration", summary="Mixed migration, mixed flows.")
    for number in range(4):
        MeetingFactory(title=f"Meeting {number}", summary="Of mixed flows.")
    pages = [titles(search(client, q="mixed", page=page)) for page in (1, 2)]
    assert [len(page) for page in pages] == [3, 2]
    # The two newest are ranked; then the others, newest first, however well they match.
    assert set(pages[0][:2]) == {"Meeting 3", "Meeting 2"}
    assert pages[0][2:] + pages[1] == ["Meeting 1", "Meeting 0", old.title]


def test_drafts_and_scheduled_items_never_appear(client):
    moment = timezone.now() + datetime.timedelta(days=2)
    MeetingFactory(title="Hidden draft meeting", status=Status.DRAFT)
    scheduled = MeetingFactory(title="Scheduled hidden meeting", publish_at=moment)
    ConclusionFactory(meeting=scheduled, text="A hidden conclusion")
    DocumentFactory(title="Hidden draft document", meeting=None, status=Status.DRAFT)
    DocumentFactory(title="Hidden document of a scheduled meeting", meeting=scheduled)
    page = search(client, q="hidden").content.decode()
    assert "Nothing found" in page
    assert "Hidden" not in page.replace("“hidden”", "")
    assert "(0)" in page and "(1)" not in page
    with time_machine.travel(moment + datetime.timedelta(minutes=1)):
        found = sorted(titles(search(client, q="hidden")))
    assert found == [
        "Hidden document of a scheduled meeting",
        "Scheduled hidden meeting",
        "Scheduled hidden meeting",
    ]


def test_the_home_page_search_box_goes_to_the_search_page(client):
    page = client.get("/").content.decode()
    assert 'action="/search/"' in page


HOSTILE = [
    "a" * 10_000,
    "réintégration " * 1_000,
    "!!!",
    "...",
    "''''",
    '"',
    '"unbalanced',
    'un"balanced"quotes"',
    "(",
    ")",
    "((a)",
    "a & b",
    "a | b",
    "!a",
    "a <-> b",
    "a:*",
    "a:A",
    "&&||!!",
    "-",
    "--",
    "- - -",
    "-a",
    "a OR",
    "OR",
    "or or or",
    "the",
    "'; DROP TABLE meetings_meeting; --",
    "1' OR '1'='1",
    "%",
    "_",
    "\\",
    "\\x00",
    "a\x00b",
    "\x00",
    "\x01\x02\x7f",
    "<script>alert(1)</script>",
    "&amp;",
    "\u200b",
    "مرحبا الهجرة",
    "ስደት",
    "移民 migration",
    "🙂🙂",
    "ℌ𝔢𝔩𝔩𝔬",
    "a" * 200,
    "word " * 60,
    "$1",
    "{}[]",
    "\ue000mark\ue001",
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_give_a_message_or_results_never_an_error(client, query):
    MeetingFactory(title="Migration meeting", summary="Of the Process.")
    for url in ("/search/", "/meetings/", "/documents/"):
        response = client.get(url, {"q": query})
        assert response.status_code == HTTPStatus.OK, url
    page = client.get("/search/", {"q": query}).content.decode()
    assert "Traceback" not in page
    if "\x00" in query or len(query) > 200 or not re.search(r"\w", query):
        assert "This search cannot be run" in page


def test_the_plain_snippet_marks_a_quoted_phrase_whole_and_escapes_the_rest():
    from core.search import plain_snippet

    text = "x " * 200 + "In the spirit of cooperation <b>and</b> solidarity" + " y" * 200
    snippet = plain_snippet(text, '"spirit of cooperation" solidarity')
    assert "<mark>spirit of cooperation</mark>" in snippet
    assert "<mark>solidarity</mark>" in snippet
    assert "&lt;b&gt;" in snippet
    assert snippet.startswith("… ") and snippet.endswith(" …")


def test_the_plain_snippet_marks_words_whatever_their_case_and_accents():
    from core.search import plain_snippet

    snippet = plain_snippet("Vers une réintégration durable & digne", "REINTEGRATION digne")
    assert snippet == "Vers une <mark>réintégration</mark> durable &amp; <mark>digne</mark>"
    # A letter that folds to two ("ß" → "ss") does not shift the marks.
    assert plain_snippet("Die Straße und Strasse", "strasse") == (
        "Die <mark>Straße</mark> und <mark>Strasse</mark>"
    )
