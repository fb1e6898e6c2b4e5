"""Every public page in English (unprefixed), French (/fr/) and Arabic (/ar/): the switcher,
the alternates, the remembered choice, and the addresses that stay the same in every language."""

import datetime
import html
import re
import xml.etree.ElementTree as ET
from http import HTTPStatus

import pytest
from django.conf import settings

from tests.factories import DocumentFactory, DocumentFileFactory, MeetingFactory, PhotoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def berlin():
    return MeetingFactory(
        title="Berlin thematic meeting",
        slug="berlin-2017",
        start_date=datetime.date(2017, 5, 18),
        end_date=datetime.date(2017, 5, 19),
    )


def html_tag(response):
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def switcher_links(response):
    nav = re.search(
        r'<nav class="language-switcher".*?</nav>', response.content.decode(), re.S
    ).group(0)
    return re.findall(r'<a href="([^"]+)"[^>]*lang="(\w+)" hreflang="(\w+)"', nav)


def alternates(response):
    return dict(
        re.findall(
            r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">',
            response.content.decode(),
        )
    )


@pytest.mark.parametrize(
    ("prefix", "html"),
    [
        ("", '<html lang="en" dir="ltr">'),
        ("/fr", '<html lang="fr" dir="ltr">'),
        ("/ar", '<html lang="ar" dir="rtl">'),
    ],
)
def test_every_public_page_answers_in_each_language(client, berlin, prefix, html):
    document = DocumentFactory(meeting=berlin)
    DocumentFileFactory(document=document)
    for path in [
        "/",
        "/search/?q=Berlin",
        "/meetings/",
        "/meetings/berlin-2017/",
        "/documents/",
        f"/documents/{document.pk}/",
    ]:
        response = client.get(prefix + path)
        assert response.status_code == HTTPStatus.OK, path
        assert html_tag(response) == html, path


def test_the_french_and_arabic_pages_link_to_pages_in_their_own_language(client, berlin):
    response = client.get("/fr/meetings/")
    assert 'href="/fr/meetings/berlin-2017/"' in response.content.decode()
    assert 'href="/fr/documents/"' in response.content.decode()
    response = client.get("/ar/")
    assert 'href="/ar/meetings/"' in response.content.decode()


def test_the_switcher_offers_the_same_page_and_query_in_each_language(client, berlin):
    response = client.get("/fr/meetings/?year=2017&page=1")
    links = switcher_links(response)
    assert [(lang, hreflang) for _href, lang, hreflang in links] == [
        ("en", "en"),
        ("fr", "fr"),
        ("ar", "ar"),
    ]
    hrefs = {lang: href.replace("&amp;", "&") for href, lang, _ in links}
    # The current language is the page itself, marked as current.
    assert hrefs["fr"] == "/fr/meetings/?year=2017&page=1"
    assert 'aria-current="true" lang="fr"' in response.content.decode()
    # The others go by the choice, which takes the visitor to the same page and query.
    for language, expected in [
        ("en", "/meetings/?year=2017&page=1"),
        ("ar", "/ar/meetings/?year=2017&page=1"),
    ]:
        chosen = client.get(hrefs[language])
        assert chosen.status_code == HTTPStatus.FOUND
        assert chosen["Location"] == expected
        assert chosen.cookies[settings.LANGUAGE_COOKIE_NAME].value == language


def test_the_switcher_is_on_error_pages_too_and_offers_each_home_page(client):
    response = client.get("/fr/no-such-page/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert html_tag(response) == '<html lang="fr" dir="ltr">'
    hrefs = [href for href, _lang, _hreflang in switcher_links(response)]
    assert hrefs[1] == "/fr/"
    assert alternates(response) == {}


def test_every_public_page_names_its_versions_with_absolute_addresses(client, berlin):
    response = client.get("/ar/meetings/berlin-2017/")
    assert alternates(response) == {
        "en": "http://testserver/meetings/berlin-2017/",
        "x-default": "http://testserver/meetings/berlin-2017/",
        "fr": "http://testserver/fr/meetings/berlin-2017/",
        "ar": "http://testserver/ar/meetings/berlin-2017/",
    }


def test_a_chosen_language_is_remembered_on_english_addresses(client, berlin):
    client.get("/language/fr/?next=/meetings/")
    response = client.get("/meetings/berlin-2017/?x=1")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/fr/meetings/berlin-2017/?x=1"
    # Choosing English again makes the English addresses English again: no loop.
    chosen = client.get("/language/en/?next=/fr/meetings/berlin-2017/")
    assert chosen["Location"] == "/meetings/berlin-2017/"
    assert client.get("/meetings/berlin-2017/").status_code == HTTPStatus.OK


def test_the_browser_language_never_moves_a_visitor_off_an_english_address(client, berlin):
    response = client.get("/meetings/", headers={"accept-language": "ar,fr;q=0.8"})
    assert response.status_code == HTTPStatus.OK
    assert html_tag(response) == '<html lang="en" dir="ltr">'


def test_the_choice_goes_nowhere_but_this_site(client):
    response = client.get("/language/fr/?next=https://elsewhere.example/")
    assert response["Location"] == "/fr/"
    assert client.get("/language/xx/?next=/").status_code == HTTPStatus.NOT_FOUND


def test_the_admin_follows_the_chosen_language(admin_client):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = admin_client.get("/admin/")
    assert '<html lang="fr"' in response.content.decode()
    assert "Déconnexion" in response.content.decode()
    # The admin has one address: no language prefix.
    assert admin_client.get("/fr/admin/").status_code == HTTPStatus.NOT_FOUND


def test_no_public_page_sets_a_cookie_until_a_language_is_chosen(client, berlin):
    for path in ["/", "/fr/", "/ar/meetings/", "/fr/meetings/berlin-2017/", "/ar/documents/"]:
        response = client.get(path, headers={"accept-language": "fr"})
        assert response.status_code == HTTPStatus.OK
        assert not response.cookies, path
    assert client.get("/language/ar/?next=/").cookies


@pytest.mark.parametrize(
    "path",
    [
        "/fr/meetings/feed.atom",
        "/fr/documents/feed.atom",
        "/fr/meetings/calendar.ics",
        "/ar/meetings/berlin-2017/calendar.ics",
        "/fr/meetings/export.csv",
        "/ar/documents/export.csv",
    ],
)
def test_feeds_calendars_and_exports_work_under_each_prefix(client, berlin, path):
    assert client.get(path).status_code == HTTPStatus.OK


def test_a_french_feed_links_to_french_pages(client, berlin):
    content = client.get("/fr/meetings/feed.atom").content.decode()
    assert "http://testserver/fr/meetings/berlin-2017/" in content


def test_downloads_work_under_each_prefix(client, berlin):
    file = DocumentFileFactory(document=DocumentFactory(meeting=berlin))
    english = client.get(file.get_absolute_url())
    french = client.get("/fr" + file.get_absolute_url())
    assert french.status_code == english.status_code == HTTPStatus.OK
    assert b"".join(french.streaming_content) == b"".join(english.streaming_content)


def test_machine_addresses_have_no_language_prefix(client, berlin):
    photo = PhotoFactory(meeting=berlin)
    assert photo.thumbnail_url.startswith("/photos/")
    for path in ["/fr/robots.txt", "/fr/sitemap.xml", "/fr/api/meetings/", "/ar/admin/"]:
        assert client.get(path).status_code == HTTPStatus.NOT_FOUND, path
    assert "Disallow: /language/" in client.get("/robots.txt").content.decode()


def test_the_sitemap_names_each_page_in_every_language(client, berlin):
    root = ET.fromstring(client.get("/sitemap-meetings.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = {url.find("s:loc", ns).text: url for url in root.findall("s:url", ns)}
    assert set(urls) == {
        "http://testserver/meetings/berlin-2017/",
        "http://testserver/fr/meetings/berlin-2017/",
        "http://testserver/ar/meetings/berlin-2017/",
    }
    links = {
        link.get("hreflang"): link.get("href")
        for link in urls["http://testserver/fr/meetings/berlin-2017/"].findall("x:link", ns)
    }
    assert links == {
        "en": "http://testserver/meetings/berlin-2017/",
        "fr": "http://testserver/fr/meetings/berlin-2017/",
        "ar": "http://testserver/ar/meetings/berlin-2017/",
        "x-default": "http://testserver/meetings/berlin-2017/",
    }


def test_the_stylesheet_uses_logical_directions_only():
    """Arabic mirrors the layout through logical properties: no rule names a physical side,
    but the select's arrow, which CSS cannot place logically, and its right-to-left twin."""
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    physical = re.findall(
        r"^\s*((?:margin|padding|border|scroll-margin)-(?:left|right|top|bottom)[\w-]*"
        r"|left|right|top|bottom|float|text-align:\s*(?:left|right))\s*:",
        css,
        re.M,
    )
    assert physical == []
    assert len(re.findall(r"background-position: (left|right)", css)) == 2


def test_arrows_are_mirrored_in_arabic(client):
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    assert '[dir="rtl"] :is(.icon--arrow, .icon--arrow-left)' in css
    response = client.get("/ar/")
    assert 'class="icon icon--arrow"' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "dates", "tile", "country"),
    [
        ("en", "18–19 May 2017", "May 2017", "Germany"),
        ("fr", "18–19 mai 2017", "mai 2017", "Allemagne"),
        ("ar", "18–19 مايو 2017", "مايو 2017", "ألمانيا"),
    ],
)
def test_dates_and_countries_are_written_in_each_language(
    client, berlin, language, dates, tile, country
):
    berlin.host_country = "DE"
    berlin.save()
    prefix = "" if language == "en" else f"/{language}"
    page = client.get(f"{prefix}/meetings/berlin-2017/").content.decode()
    assert f">{dates}</time>" in page
    assert country in page
    listing = client.get(f"{prefix}/meetings/").content.decode()
    assert f'<span class="date-tile__month">{tile}</span>' in listing
    # The host country filter names the countries in the page's language too.
    assert f">{country}" in listing


@pytest.mark.parametrize(
    ("language", "start", "end", "dates", "tile"),
    [
        ("en", (2016, 11, 30), (2016, 12, 1), "30 November – 1 December 2016", "Nov–Dec 2016"),
        ("fr", (2016, 11, 30), (2016, 12, 1), "30 novembre – 1 décembre 2016", "nov.–déc. 2016"),
        (
            "fr",
            (2016, 12, 31),
            (2017, 1, 1),
            "31 décembre 2016 – 1 janvier 2017",
            "déc. 2016–jan. 2017",
        ),
        ("ar", (2016, 11, 30), (2016, 12, 1), "30 نوفمبر – 1 ديسمبر 2016", "نوفمبر–ديسمبر 2016"),
    ],
)
def test_date_spans_across_months_and_years(language, start, end, dates, tile):
    from django.utils import translation

    meeting = MeetingFactory.build(start_date=datetime.date(*start), end_date=datetime.date(*end))
    with translation.override(language):
        assert meeting.dates == dates
        assert meeting.month_span == tile


def test_dates_are_typed_day_first_in_every_language():
    from django.utils import formats, translation

    for language in ("en", "fr", "ar"):
        with translation.override(language):
            assert formats.get_format("DATE_INPUT_FORMATS")[1] == "%d/%m/%Y"


def test_the_api_answers_in_english_whatever_the_browser_asks(client, berlin):
    berlin.title_fr = "Réunion de Berlin"
    berlin.save()
    response = client.get("/api/meetings/berlin-2017/", headers={"accept-language": "fr"})
    assert response.json()["title"] == "Berlin thematic meeting"


def canonical(response):
    found = re.findall(r'<link rel="canonical" href="([^"]+)">', response.content.decode())
    assert len(found) <= 1
    return html.unescape(found[0]) if found else None


def opengraph_locales(response):
    page = response.content.decode()
    return (
        re.findall(r'<meta property="og:locale" content="([\w]+)">', page),
        re.findall(r'<meta property="og:locale:alternate" content="([\w]+)">', page),
    )


@pytest.mark.parametrize("prefix", ["", "/fr", "/ar"])
def test_every_public_page_names_its_canonical_address_in_its_own_language(client, berlin, prefix):
    document = DocumentFactory(meeting=berlin)
    for path in [
        "/",
        "/meetings/",
        "/meetings/berlin-2017/",
        "/documents/",
        f"/documents/{document.pk}/",
        "/at-a-glance/",
    ]:
        response = client.get(prefix + path)
        assert canonical(response) == f"http://testserver{prefix}{path}", path


@pytest.mark.parametrize(
    ("query", "kept"),
    [
        # Tracking and empty filters dropped, filters kept in one order, page 1 is the list.
        (
            "?utm_source=newsletter&year=2017&type=&page=1&host_country=DE",
            "?host_country=DE&year=2017",
        ),
        ("?fbclid=abc", ""),
        ("?page=2", "?page=2"),
        # A value the list refuses (it shows an error) is no page of its own.
        ("?year=abc&host_country=DE", "?host_country=DE"),
    ],
)
def test_a_filtered_lists_canonical_address_keeps_only_its_filters(client, berlin, query, kept):
    for _ in range(25):
        MeetingFactory(start_date=datetime.date(2017, 3, 1), host_country="DE")
    response = client.get(f"/fr/meetings/{query}")
    assert canonical(response) == f"http://testserver/fr/meetings/{kept}"


def test_search_keeps_its_words_in_the_canonical_address(client, berlin):
    response = client.get("/search/?q=Berlin&utm_campaign=x")
    assert canonical(response) == "http://testserver/search/?q=Berlin"


def test_an_error_page_names_no_canonical_address(client):
    response = client.get("/meetings/no-such-meeting/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert canonical(response) is None


@pytest.mark.parametrize(
    ("prefix", "locale", "others"),
    [
        ("", "en_GB", ["fr_FR", "ar_AR"]),
        ("/fr", "fr_FR", ["en_GB", "ar_AR"]),
        ("/ar", "ar_AR", ["en_GB", "fr_FR"]),
    ],
)
def test_link_previews_name_the_pages_language_and_its_others(
    client, berlin, prefix, locale, others
):
    for path in ["/", "/meetings/berlin-2017/"]:
        assert opengraph_locales(client.get(prefix + path)) == ([locale], others), path
