"""What visitors read in French and Arabic: translated titles, texts and names, English where
a translation is missing (and the page says so), and the admin where they are written."""

import datetime
from http import HTTPStatus

import pytest
from django.conf import settings
from django.utils import translation
from reversion.models import Version

from meetings.models import Meeting, Participant
from tests.core.test_admin import meeting_data
from tests.factories import (
    ConclusionFactory,
    DocumentFactory,
    MeetingFactory,
    MeetingTypeFactory,
    OrganisationFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db

NOTE_FR = "This text is not yet available in français; shown in English."


@pytest.fixture
def berlin():
    meeting = MeetingFactory(
        title="Thematic meeting on legal migration",
        title_fr="Réunion thématique sur la migration légale",
        title_ar="اجتماع موضوعي حول الهجرة القانونية",
        summary="Hosted by Germany.",
        summary_fr="Accueillie par l'Allemagne.",
        body="<p>The meeting was opened by a Commissioner.</p>",
        slug="berlin-2017",
        start_date=datetime.date(2017, 5, 18),
        meeting_type=MeetingTypeFactory(name="Thematic meeting", name_fr="Réunion thématique"),
    )
    ConclusionFactory(meeting=meeting, text="Protection is key.", text_fr="La protection.")
    return meeting


def test_a_french_page_shows_the_french_texts_and_says_which_are_in_english(client, berlin):
    page = client.get("/fr/meetings/berlin-2017/").content.decode()
    assert "<h1>Réunion thématique sur la migration légale</h1>" in page
    assert "Accueillie par l&#x27;Allemagne." in page
    assert ">La protection.</li>" in page
    assert ">Réunion thématique</a>" in page
    # The body has no French yet: English, marked as such, and the page says so.
    assert '<div class="prose" lang="en" dir="ltr">' in page
    assert '<p class="translation-note">' in page


def test_an_arabic_page_marks_the_english_passages_left_to_right(client, berlin):
    page = client.get("/ar/meetings/berlin-2017/").content.decode()
    assert "<h1>اجتماع موضوعي حول الهجرة القانونية</h1>" in page
    assert '<p class="page-header__lead" lang="en" dir="ltr">Hosted by Germany.</p>' in page
    assert 'lang="en" dir="ltr">Protection is key.</li>' in page
    assert '<p class="translation-note">' in page


def test_the_english_page_has_no_note_and_no_lang_marks(client, berlin):
    page = client.get("/meetings/berlin-2017/").content.decode()
    assert "<h1>Thematic meeting on legal migration</h1>" in page
    assert "translation-note" not in page
    assert page.count('lang="en" dir="ltr"') == 1  # the page's own


def test_a_fully_translated_page_has_no_note(client, berlin):
    berlin.body_fr = "<p>Ouverte par une commissaire.</p>"
    berlin.save()
    page = client.get("/fr/meetings/berlin-2017/").content.decode()
    assert "translation-note" not in page


def test_lists_show_translated_titles_with_english_marked(client, berlin):
    MeetingFactory(title="Untranslated meeting", start_date=datetime.date(2016, 1, 1))
    page = client.get("/fr/meetings/").content.decode()
    assert ">Réunion thématique sur la migration légale</a>" in page
    assert 'lang="en" dir="ltr">Untranslated meeting</a>' in page
    # The same rows, cached per language, are English again on the English list.
    page = client.get("/meetings/").content.decode()
    assert ">Thematic meeting on legal migration</a>" in page


def test_document_titles_and_descriptions_are_translated(client, berlin):
    document = DocumentFactory(
        meeting=berlin,
        title="Joint conclusions",
        title_fr="Conclusions conjointes",
        description="<p>Adopted.</p>",
    )
    page = client.get(f"/fr/documents/{document.pk}/").content.decode()
    assert "<h1>Conclusions conjointes</h1>" in page
    assert '<div class="prose" lang="en" dir="ltr">' in page
    assert '<p class="translation-note">' in page


def test_the_original_columns_stay_english_whatever_the_language_saving(berlin):
    with translation.override("fr"):
        meeting = Meeting.objects.get(pk=berlin.pk)
        assert meeting.title == "Réunion thématique sur la migration légale"
        meeting.title_fr = "Réunion thématique (Berlin)"
        meeting.save()
    assert Meeting.objects.values_list("title", flat=True).get() == (
        "Thematic meeting on legal migration"
    )


def test_translated_rich_text_is_sanitised_like_the_english(berlin):
    berlin.body_ar = '<p onclick="x()">نص</p><script>alert(1)</script>'
    berlin.save()
    berlin.refresh_from_db()
    assert berlin.body_ar == "<p>نص</p>"


def test_the_admin_saves_translations_and_history_records_them(secretariat_client):
    data = meeting_data(
        title_fr="Réunion thématique sur les voies légales",
        title_ar="اجتماع موضوعي",
        summary_fr="Accueillie par l'Allemagne.",
        body_fr="<p>Ouverte par le <strong>commissaire</strong>.</p><script>x</script>",
    )
    response = secretariat_client.post("/admin/meetings/meeting/add/", data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    meeting = Meeting.objects.get()
    assert meeting.title_en == meeting_data()["title"]
    assert meeting.title_fr == "Réunion thématique sur les voies légales"
    assert meeting.title_ar == "اجتماع موضوعي"
    assert meeting.body_fr == "<p>Ouverte par le <strong>commissaire</strong>.</p>"
    stored = Version.objects.get_for_object(meeting).first().field_dict
    assert stored["title_fr"] == "Réunion thématique sur les voies légales"


def test_the_admin_form_offers_each_translation_in_its_language(secretariat_client, berlin):
    page = secretariat_client.get(f"/admin/meetings/meeting/{berlin.pk}/change/").content.decode()
    assert 'name="title_ar"' in page
    assert 'lang="ar"' in page and 'dir="rtl"' in page
    assert "Title in Arabic" in page
    # The body's translations get the same editor as the English body.
    assert page.count("django_prose_editor") >= 1
    assert page.count('name="body_') == 2


def test_an_officer_using_the_admin_in_french_still_edits_the_english_text(
    secretariat_client, berlin
):
    secretariat_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = secretariat_client.get(f"/admin/meetings/meeting/{berlin.pk}/change/").content.decode()
    assert 'value="Thematic meeting on legal migration"' in page
    assert 'value="Réunion thématique sur la migration légale"' in page


def test_an_arabic_page_isolates_an_organisations_latin_name_and_abbreviation(client, berlin):
    """Else the right-to-left page shows “(European Commission (EC”: the closing parenthesis,
    last in the line, takes the page's direction."""
    commission = OrganisationFactory(name="European Commission", acronym="EC")
    ParticipantFactory(meeting=berlin, role=Participant.Role.CHAIR, organisation=commission)
    isolated = "<bdi>European Commission (EC)</bdi>"

    page = client.get("/ar/meetings/berlin-2017/").content.decode()
    heading = page.index("<h1")
    header = page[heading : page.index("</ul>", heading)]
    assert isolated in header
    assert page.count(isolated) == 3  # the header, the key facts, the participants

    chips = client.get(f"/ar/meetings/?organisation={commission.pk}").content.decode()
    assert f"<strong>{isolated}</strong>" in chips
    glance = client.get("/ar/at-a-glance/").content.decode()  # named by its abbreviation there
    assert f'?organisation={commission.slug}"><bdi>EC</bdi></a>' in glance
