"""French and Arabic pages list, count, filter and find the same records as the English ones,
in the same order; the translated text is shown, and searched, where it exists."""

import datetime
import re

import pytest
from django.utils import translation

from tests.factories import (
    ConclusionFactory,
    DocumentFactory,
    DocumentTypeFactory,
    MeetingFactory,
    MeetingTypeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    thematic = MeetingTypeFactory(
        name="Thematic meeting", name_fr="Réunion thématique", slug="thematic-meeting"
    )
    senior = MeetingTypeFactory(name="Senior officials meeting", slug="senior")
    berlin = MeetingFactory(
        title="Thematic meeting on legal migration",
        title_fr="Réunion thématique sur la migration légale",
        title_ar="اجتماع موضوعي حول الهجرة القانونية",
        summary="Hosted by Germany, on smuggling.",
        summary_fr="Accueillie par l'Allemagne, sur le trafic.",
        slug="berlin-2017",
        start_date=datetime.date(2017, 5, 18),
        meeting_type=thematic,
    )
    niamey = MeetingFactory(
        title="Senior officials on smuggling",
        summary="A meeting in Niamey on smuggling.",
        slug="niamey-2018",
        start_date=datetime.date(2018, 3, 1),
        meeting_type=senior,
    )
    MeetingFactory(
        title="Another thematic meeting",
        slug="rome-2016",
        start_date=datetime.date(2016, 3, 1),
        meeting_type=thematic,
    )
    ConclusionFactory(meeting=berlin, text="Smuggling is fought together.")
    conclusions = DocumentTypeFactory(
        name="Joint conclusions", name_fr="Conclusions conjointes", slug="joint-conclusions"
    )
    report = DocumentTypeFactory(name="Report", slug="report")
    DocumentFactory(
        title="Joint conclusions on smuggling",
        title_fr="Conclusions conjointes sur le trafic de migrants",
        meeting=berlin,
        document_type=conclusions,
        date=datetime.date(2017, 5, 19),
    )
    DocumentFactory(
        title="Report on smuggling routes",
        meeting=niamey,
        document_type=report,
        date=datetime.date(2018, 3, 2),
    )
    DocumentFactory(
        title="Annual report",
        document_type=report,
        date=datetime.date(2019, 1, 2),
    )
    return berlin


def links(page, prefix):
    return re.findall(rf'href="{prefix}/(?:meetings|documents)/([\w-]+)/"', page)


def document_links(page, prefix):
    return re.findall(rf'href="{prefix}/documents/(\d+)/"', page)


def options(page, name):
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    return re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', select)


@pytest.mark.parametrize("language", ["fr", "ar"])
@pytest.mark.parametrize("path", ["/meetings/", "/documents/", "/meetings/?type=thematic-meeting"])
def test_a_translated_list_has_the_english_rows_in_the_english_order(
    client, record, language, path
):
    english = client.get(path).content.decode()
    translated = client.get(f"/{language}{path}").content.decode()
    assert links(english, "") and links(translated, f"/{language}") == links(english, "")


def counts(choices):
    return sorted((value, label.rsplit(" ", 1)[1]) for value, label in choices)


@pytest.mark.parametrize(
    ("path", "value", "french"),
    [
        ("/meetings/", "thematic-meeting", "Réunion thématique"),
        ("/documents/", "joint-conclusions", "Conclusions conjointes"),
        ("/documents/", "meeting=berlin-2017", "Réunion thématique sur la migration légale"),
    ],
)
def test_a_french_facet_has_the_english_values_and_counts_its_labels_translated(
    client, record, path, value, french
):
    name = "meeting" if value.startswith("meeting=") else "type"
    value = value.removeprefix("meeting=")
    english = options(client.get(path).content.decode(), name)
    translated = options(client.get(f"/fr{path}").content.decode(), name)
    assert counts(translated) == counts(english)
    labels = {value: label.rsplit(" ", 1)[0] for value, label in translated}
    assert labels[value] == french
    # Untranslated, the English name.
    assert set(labels.values()) - {french} == {
        label.rsplit(" ", 1)[0] for value_, label in english if value_ != value
    }


@pytest.mark.parametrize("language", ["fr", "ar"])
@pytest.mark.parametrize(
    "path", ["/documents/?q=smuggling", "/meetings/?q=smuggling", "/documents/?meeting_name=legal"]
)
def test_an_english_word_finds_the_same_in_every_language(client, record, language, path):
    english = client.get(path).content.decode()
    translated = client.get(f"/{language}{path}").content.decode()
    assert links(english, "") and links(translated, f"/{language}") == links(english, "")


def test_the_meeting_name_box_finds_a_meeting_by_its_english_or_french_title(client, record):
    for path in ["/fr/documents/?meeting_name=légale", "/fr/documents/?meeting_name=legal"]:
        page = client.get(path).content.decode()
        assert len(document_links(page, "/fr")) == 1
        assert [value for value, _label in options(page, "meeting")] == ["berlin-2017"]


def search_links(page, prefix):
    return re.findall(rf'href="{prefix}/(?:meetings|documents)/([\w-]+)/[^"]*"', page)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_search_page_finds_the_same_with_snippets(client, record, language):
    english = client.get("/search/?q=smuggling").content.decode()
    translated = client.get(f"/{language}/search/?q=smuggling").content.decode()
    assert search_links(english, "")
    assert search_links(translated, f"/{language}") == search_links(english, "")
    assert translated.count("<mark>") >= english.count("<mark>") > 0


def test_a_french_word_only_in_a_french_title_is_found_and_shown(client, record):
    page = client.get("/fr/search/?q=allemagne").content.decode()
    assert "/fr/meetings/berlin-2017/" in page
    page = client.get("/fr/search/?q=légale").content.decode()
    assert "/fr/meetings/berlin-2017/" in page
    # The snippet is the French summary.
    assert "Accueillie par l&#x27;Allemagne, sur le trafic." in page
    page = client.get("/fr/documents/?q=conjointes").content.decode()
    assert len(document_links(page, "/fr")) == 1


def test_an_arabic_word_only_in_an_arabic_title_is_found(client, record):
    page = client.get("/ar/search/?q=القانونية").content.decode()
    assert "/ar/meetings/berlin-2017/" in page


def test_the_glance_charts_name_the_types_in_french_and_count_alike(client, record):
    english = client.get("/at-a-glance/").content.decode()
    french = client.get("/fr/at-a-glance/").content.decode()
    assert "Réunion thématique" in french and "Conclusions conjointes" in french
    assert "Réunion thématique" not in english
    count = re.compile(r'href="(?:/fr)?(/(?:meetings|documents)/\?[^"]*)"')
    assert count.findall(french) == count.findall(english)


def test_a_french_conclusion_is_found_on_the_search_page(client, record):
    ConclusionFactory(meeting=record, text="Returns are discussed.", text_fr="Les retours.")
    page = client.get("/fr/search/?q=retours").content.decode()
    assert "<mark>retours</mark>" in page


def test_a_translation_saved_later_or_reindexed_is_found(client, record):
    from django.core.management import call_command

    from meetings.models import Meeting

    record.title_fr = "Rencontre de Berlin sur la mobilité"
    record.save()
    assert "/fr/meetings/berlin-2017/" in client.get("/fr/search/?q=mobilité").content.decode()
    Meeting.objects.filter(pk=record.pk).update(search_vector=None)
    with translation.override("fr"):
        call_command("reindex", verbosity=0)
    assert "/fr/meetings/berlin-2017/" in client.get("/fr/search/?q=mobilité").content.decode()
    # Reindexed in French, the English is still found.
    assert "/meetings/berlin-2017/" in client.get("/search/?q=legal").content.decode()


def test_a_meetings_documents_are_in_the_english_order_on_its_french_page(client, record):
    paper = DocumentTypeFactory(name="Paper", slug="paper")
    for title, title_fr in [("Alpha paper", "Zèbre"), ("Beta paper", None), ("Gamma paper", "Ane")]:
        DocumentFactory(
            title=title,
            title_fr=title_fr,
            meeting=record,
            document_type=paper,
            date=datetime.date(2017, 5, 19),
        )
    english = document_links(client.get("/meetings/berlin-2017/").content.decode(), "")
    french = document_links(client.get("/fr/meetings/berlin-2017/").content.decode(), "/fr")
    assert len(english) == 4 and french == english
