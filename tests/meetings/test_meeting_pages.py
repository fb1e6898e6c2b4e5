import datetime
from http import HTTPStatus

import pytest

from core.publishing import Status
from meetings.models import Meeting
from tests.factories import (
    ConclusionFactory,
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
    MeetingTypeFactory,
    OrganisationFactory,
    ParticipantFactory,
    PhotoFactory,
)
from tests.html import facet_counts, select_options

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings():
    thematic = MeetingTypeFactory(name="Thematic meeting", slug="thematic-meeting")
    som = MeetingTypeFactory(name="Senior officials meeting", slug="senior-officials-meeting")
    return {
        "berlin": MeetingFactory(
            title="Berlin thematic",
            slug="berlin",
            meeting_type=thematic,
            start_date=datetime.date(2017, 5, 18),
            end_date=datetime.date(2017, 5, 19),
            city="Berlin",
            host_country="DE",
        ),
        "addis-2017": MeetingFactory(
            title="Addis SOM",
            slug="addis-2017",
            meeting_type=som,
            start_date=datetime.date(2017, 4, 6),
            host_country="ET",
        ),
        "addis-2016": MeetingFactory(
            title="Addis thematic",
            slug="addis-2016",
            meeting_type=thematic,
            start_date=datetime.date(2016, 10, 19),
            host_country="ET",
        ),
        "draft": MeetingFactory(
            title="Unannounced draft",
            slug="draft",
            meeting_type=thematic,
            start_date=datetime.date(2017, 6, 1),
            host_country="ET",
            status=Status.DRAFT,
        ),
    }


def listed(response):
    """The meetings of a list page, in its order (the page holds their ids)."""
    ids = response.context["meeting_ids"]
    found = Meeting.objects.in_bulk(ids)
    return [found[pk] for pk in ids]


def titles(response):
    return [meeting.title for meeting in listed(response)]


def test_list_shows_published_meetings_newest_first(client, meetings):
    response = client.get("/meetings/")
    assert response.status_code == HTTPStatus.OK
    assert titles(response) == ["Berlin thematic", "Addis SOM", "Addis thematic"]
    assert "Unannounced draft" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=thematic-meeting", ["Berlin thematic", "Addis thematic"]),
        ("year=2016", ["Addis thematic"]),
        ("host_country=ET", ["Addis SOM", "Addis thematic"]),
        ("q=berlin", ["Berlin thematic"]),
        ("type=thematic-meeting&host_country=ET", ["Addis thematic"]),
        ("type=thematic-meeting&year=2017", ["Berlin thematic"]),
        ("type=senior-officials-meeting&year=2016", []),
    ],
)
def test_filters_alone_and_combined(client, meetings, query, expected):
    response = client.get(f"/meetings/?{query}")
    assert response.status_code == HTTPStatus.OK
    assert titles(response) == expected


def test_search_finds_meetings_by_participant_and_conclusion(client, meetings):
    ParticipantFactory(
        meeting=meetings["addis-2017"], organisation=OrganisationFactory(name="World Bank")
    )
    ConclusionFactory(meeting=meetings["addis-2016"], text="Sustainable reintegration methods")
    ConclusionFactory(meeting=meetings["addis-2016"], text="More reintegration work")
    assert titles(client.get("/meetings/?q=world+bank")) == ["Addis SOM"]
    assert titles(client.get("/meetings/?q=reintegration")) == ["Addis thematic"]


def test_each_choice_shows_its_count_given_the_other_filters(client, meetings):
    response = client.get("/meetings/?type=thematic-meeting")
    assert select_options(response, "host_country") == [
        ("ET", "Ethiopia (1)", False),  # the draft is not counted
        ("DE", "Germany (1)", False),
    ]
    assert select_options(response, "type") == [
        ("senior-officials-meeting", "Senior officials meeting (1)", False),
        ("thematic-meeting", "Thematic meeting (2)", True),
    ]
    assert select_options(response, "year") == [
        ("2017", "2017 (1)", False),
        ("2016", "2016 (1)", False),
    ]


@pytest.mark.parametrize(
    "query", ["year=abc", "host_country=ZZ", "type=nonsense", "year=99999999999999999999"]
)
def test_bad_filter_values_get_a_clear_message_not_an_error(client, meetings, query):
    response = client.get(f"/meetings/?{query}")
    assert response.status_code == HTTPStatus.OK
    assert response.context["filter_errors"]
    assert titles(response) == []


def test_empty_result_says_so_and_offers_to_clear(client, meetings):
    response = client.get("/meetings/?q=no-such-meeting")
    assert titles(response) == []
    content = response.content.decode()
    assert "No meetings match" in content
    assert 'href="/meetings/"' in content


def test_pagination_keeps_the_filters(client):
    thematic = MeetingTypeFactory(slug="thematic-meeting")
    for day in range(1, 26):
        MeetingFactory(meeting_type=thematic, start_date=datetime.date(2017, 3, day))
    MeetingFactory(start_date=datetime.date(2017, 3, 1))  # another type
    response = client.get("/meetings/?type=thematic-meeting&page=2")
    assert response.status_code == HTTPStatus.OK
    assert response.context["page_obj"].number == 2
    assert len(response.context["meeting_ids"]) == 10
    content = response.content.decode()
    assert "Page 2 of 3" in content
    assert "type=thematic-meeting&amp;page=3" in content


@pytest.mark.parametrize("page", ["0", "9999", "abc", "-1", "1.5"])
def test_bad_page_numbers_are_a_clear_404(client, meetings, page):
    response = client.get(f"/meetings/?page={page}")
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_meeting_page_shows_facts_roles_and_conclusions(client, meetings):
    berlin = meetings["berlin"]
    ParticipantFactory(
        meeting=berlin, role="chair", organisation=OrganisationFactory(name="Germany")
    )
    ParticipantFactory(
        meeting=berlin,
        role="opening-speaker",
        organisation=None,
        country="DE",
        person_name="Commissioner Grzeski",
    )
    ConclusionFactory(meeting=berlin, kind="next-step", text="Create synergies.", order=1)
    ConclusionFactory(
        meeting=berlin,
        kind="key-observation",
        text="Protection challenges are high.",
        order=0,
        attribution="the Chair",
    )
    response = client.get("/meetings/berlin/")
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "18–19 May 2017" in content
    assert "Commissioner Grzeski" in content
    # One of each kind: headings in the singular.
    assert [label for label, _ in response.context["conclusions_by_kind"]] == [
        "Key observation",
        "Next step",
    ]
    assert [label for label, _ in response.context["participants_by_role"]] == [
        "Chair",
        "Opening speaker",
    ]
    assert "Chair: <bdi>Germany</bdi>" in content
    assert "Protection challenges are high." in content


def test_meeting_page_lists_published_documents_and_photos(client, meetings):
    berlin = meetings["berlin"]
    DocumentFileFactory(document=DocumentFactory(meeting=berlin, title="Chair's summary"))
    DocumentFactory(meeting=berlin, title="Internal draft note", status=Status.DRAFT)
    PhotoFactory(meeting=berlin, caption="Opening session")
    content = client.get("/meetings/berlin/").content.decode()
    assert "Chair&#x27;s summary" in content or "Chair's summary" in content
    assert "Internal draft note" not in content
    assert "Opening session" in content


def test_a_photo_is_described_by_its_text_alternative_and_a_decorative_one_is_passed_over(
    client, meetings
):
    berlin = meetings["berlin"]
    PhotoFactory(meeting=berlin, caption="Day one", alt_text="The Chair opens the session")
    PhotoFactory(meeting=berlin, caption="", alt_text="", decorative=True)
    content = client.get("/meetings/berlin/").content.decode()
    assert 'alt="The Chair opens the session"' in content
    assert "<span>Day one</span>" in content  # the caption is read too, as it says more
    assert 'alt=""' in content


def test_draft_meeting_is_404_for_visitors_and_bannered_for_staff(client, admin_client, meetings):
    assert client.get("/meetings/draft/").status_code == HTTPStatus.NOT_FOUND
    response = admin_client.get("/meetings/draft/")
    assert response.status_code == HTTPStatus.OK
    assert "not visible to the public" in response.content.decode().lower()


def test_unknown_slug_is_a_404_that_says_so(client):
    response = client.get("/meetings/no-such-meeting/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "There is no published meeting at this address" in response.content.decode()


def test_a_page_past_the_end_says_how_many_pages_there_are(client, meetings):
    response = client.get("/meetings/?page=9999")
    assert "There is no page “9999” of this list: it has 1 page." in response.content.decode()


def test_home_shows_upcoming_and_latest_but_no_drafts(client, meetings):
    future = datetime.date.today() + datetime.timedelta(days=30)
    MeetingFactory(title="Next thematic meeting", start_date=future)
    MeetingFactory(title="Secret future", start_date=future, status=Status.DRAFT)
    DocumentFileFactory(document=DocumentFactory(title="Joint conclusions"))
    response = client.get("/")
    content = response.content.decode()
    assert [m.title for m in response.context["upcoming_meetings"]] == ["Next thematic meeting"]
    assert "Berlin thematic" in content
    assert "Joint conclusions" in content
    assert "Secret future" not in content
    assert "Unannounced draft" not in content


def test_photo_renditions_are_webp_and_hidden_for_draft_meetings(client, meetings):
    published = PhotoFactory(meeting=meetings["berlin"])
    hidden = PhotoFactory(meeting=meetings["draft"])
    response = client.get(published.thumbnail_url)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "image/webp"
    assert b"".join(response.streaming_content)[8:12] == b"WEBP"
    assert client.get(hidden.thumbnail_url).status_code == HTTPStatus.NOT_FOUND
    assert client.get(f"/photos/{published.pk}/huge.webp").status_code == HTTPStatus.NOT_FOUND
    assert client.get(published.image.url).status_code != HTTPStatus.OK  # no raw media path


def test_photo_rendition_revalidates_with_etag(client, meetings):
    photo = PhotoFactory(meeting=meetings["berlin"])
    first = client.get(photo.large_url)
    again = client.get(photo.large_url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == HTTPStatus.NOT_MODIFIED


def test_a_photo_is_cached_a_minute_and_its_revalidation_after_unpublishing_is_a_404(
    client, meetings
):
    photo = PhotoFactory(meeting=meetings["berlin"])
    first = client.get(photo.thumbnail_url)
    assert first["Cache-Control"] == "public, max-age=60, must-revalidate"
    meetings["berlin"].status = Status.DRAFT
    meetings["berlin"].save()
    again = client.get(photo.thumbnail_url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == HTTPStatus.NOT_FOUND


def test_a_bad_value_leaves_the_other_choices_counted(client, meetings):
    response = client.get("/meetings/?year=abc&type=thematic-meeting")
    assert facet_counts(response, "host_country") == {"DE": 1, "ET": 1}
    assert facet_counts(response, "year") == {"2017": 1, "2016": 1}


def test_the_last_page_is_reachable_by_name_and_keeps_the_order(client):
    meeting_type = MeetingTypeFactory()
    for day in range(1, 26):
        MeetingFactory(meeting_type=meeting_type, start_date=datetime.date(2016, 1, day))
    pages = [client.get(f"/meetings/?page={page}") for page in (1, 2, "last")]
    dates = [m.start_date.day for page in pages for m in listed(page)]
    assert dates == list(range(25, 0, -1))
    assert pages[2].context["page_obj"].number == 3


def test_a_filter_error_is_tied_to_its_field(client, meetings):
    content = client.get("/meetings/?year=abc").content.decode()
    assert 'aria-invalid="true" aria-describedby="id_year_error"' in content
    assert '<p class="field__error" id="id_year_error">' in content


def test_pages_read_from_either_end_list_every_meeting_once_in_order(client):
    meeting_type = MeetingTypeFactory()
    # Equal dates: the order falls back on the id, from both ends alike.
    made = [
        MeetingFactory(meeting_type=meeting_type, start_date=datetime.date(2016, 5, 1 + n % 2))
        for n in range(23)
    ]
    ids = [
        pk
        for page in (1, 2, 3)
        for pk in client.get(f"/meetings/?page={page}").context["meeting_ids"]
    ]
    expected = sorted(made, key=lambda m: (m.start_date, m.pk), reverse=True)
    assert ids == [meeting.pk for meeting in expected]
