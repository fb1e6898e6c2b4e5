"""The Process at a glance: charts of the public record only, each leading to its list."""

import datetime
import re
from html.parser import HTMLParser
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from core.publishing import Status
from documents.models import DownloadTally
from glance.charts import charts, columns, ranked_bars
from glance.figures import figures
from glance.views import at_a_glance
from tests.factories import (
    ConclusionFactory,
    DocumentFactory,
    DocumentFileFactory,
    DocumentTypeFactory,
    MeetingFactory,
    MeetingTypeFactory,
    OrganisationFactory,
    ParticipantFactory,
    PriorityDomainFactory,
)

pytestmark = pytest.mark.django_db

LATER = timezone.now() + datetime.timedelta(days=3)


@pytest.fixture
def record():
    thematic = MeetingTypeFactory(name="Thematic meeting", slug="thematic-meeting")
    senior = MeetingTypeFactory(name="Senior officials meeting", slug="senior-officials")
    unhcr = OrganisationFactory(name="UN Refugee Agency", acronym="UNHCR")
    iom = OrganisationFactory(name="International Organization for Migration", acronym="IOM")
    meetings = [
        MeetingFactory(
            meeting_type=thematic, start_date=datetime.date(2016, 5, 24), host_country="SD"
        ),
        MeetingFactory(
            meeting_type=thematic, start_date=datetime.date(2017, 5, 18), host_country="DE"
        ),
        MeetingFactory(
            meeting_type=senior, start_date=datetime.date(2016, 12, 15), host_country="ET"
        ),
        MeetingFactory(
            meeting_type=senior, start_date=datetime.date(2017, 4, 6), host_country="ET"
        ),
    ]
    for meeting in meetings:
        ParticipantFactory(meeting=meeting, organisation=unhcr)
    # Two delegates of one organisation at one meeting: one meeting for the chart.
    ParticipantFactory(meeting=meetings[0], organisation=iom)
    ParticipantFactory(meeting=meetings[0], organisation=iom)

    # Return: two meetings, one of them through a conclusion; smuggling: one.
    back, smuggling = (
        PriorityDomainFactory(slug="return"),
        PriorityDomainFactory(slug="irregular-migration"),
    )
    meetings[0].domains.set([smuggling, back])
    ConclusionFactory(meeting=meetings[1]).domains.set([back])
    ConclusionFactory(meeting=meetings[0]).domains.set([back])

    # Neither a draft nor a scheduled meeting counts, nor what belongs to them.
    draft = MeetingFactory(meeting_type=thematic, status=Status.DRAFT, host_country="ET")
    scheduled = MeetingFactory(meeting_type=senior, publish_at=LATER, host_country="IT")
    draft.domains.set([PriorityDomainFactory(slug="protection"), back])
    for hidden in (draft, scheduled):
        ParticipantFactory(meeting=hidden, organisation=iom)
        ParticipantFactory(meeting=hidden, organisation=OrganisationFactory(acronym="HIDDEN"))

    conclusions = DocumentTypeFactory(name="Joint conclusions", slug="joint-conclusions")
    report = DocumentTypeFactory(name="Analysis report", slug="analysis-report")
    joint = DocumentFactory(document_type=conclusions, meeting=meetings[3])
    english = DocumentFileFactory(document=joint, language="en")
    DocumentFileFactory(document=joint, language="fr")
    DocumentFileFactory(document=DocumentFactory(document_type=report, meeting=None))
    DocumentFileFactory(document=DocumentFactory(document_type=report, meeting=meetings[1]))
    hidden_documents = [
        DocumentFactory(document_type=report, meeting=None, status=Status.DRAFT),
        DocumentFactory(document_type=report, meeting=None, publish_at=LATER),
        DocumentFactory(document_type=conclusions, meeting=draft),
    ]
    hidden_files = [
        DocumentFileFactory(document=document, language="ar") for document in hidden_documents
    ]
    return {
        "meetings": meetings,
        "unhcr": unhcr,
        "iom": iom,
        "english": english,
        "hidden_files": hidden_files,
    }


def ranked(rows):
    return [(row["label"], row["count"]) for row in rows]


# ------------------------------------------------------------------ the figures


def test_meetings_per_year_count_each_type_of_public_meeting(record):
    found = figures()["meetings_by_year"]

    assert [one["name"] for one in found["series"]] == [
        "Senior officials meeting",
        "Thematic meeting",
    ]
    assert [(year["label"], year["total"]) for year in found["years"]] == [
        ("2016", 2),
        ("2017", 2),
    ]
    assert [[cell["count"] for cell in year["cells"]] for year in found["years"]] == [
        [1, 1],
        [1, 1],
    ]


def test_host_countries_are_ranked_by_public_meetings(record):
    assert ranked(figures()["host_countries"]) == [("Ethiopia", 2), ("Germany", 1), ("Sudan", 1)]


def test_organisations_count_the_public_meetings_they_took_part_in(record):
    assert ranked(figures()["organisations"]) == [("UNHCR", 4), ("IOM", 1)]


def test_documents_by_type_and_language_count_public_documents_only(record):
    found = figures()

    assert ranked(found["document_types"]) == [("Analysis report", 2), ("Joint conclusions", 1)]
    assert ranked(found["document_languages"]) == [("English", 3), ("French", 1)]


def test_downloads_per_month_add_up_public_documents_in_the_last_twelve_months(record):
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    DownloadTally.objects.create(document_file=record["english"], month=this_month, count=7)
    DownloadTally.objects.create(document_file=record["english"], month=last_month, count=5)
    DownloadTally.objects.create(
        document_file=record["english"], month=this_month.replace(year=this_month.year - 2), count=9
    )
    for file in record["hidden_files"]:
        DownloadTally.objects.create(document_file=file, month=this_month, count=100)

    found = figures()["downloads"]

    assert len(found["months"]) == 12
    assert [month["total"] for month in found["months"][-2:]] == [5, 7]
    assert found["total"] == 12


def test_the_figures_follow_the_record_at_once(record, client):
    assert figures()["totals"]["meetings"] == 4

    MeetingFactory(host_country="ET")

    assert figures()["totals"]["meetings"] == 5
    assert ranked(figures()["host_countries"])[0] == ("Ethiopia", 3)


def test_a_scheduled_meeting_counts_from_its_publication_time(record, time_machine):
    time_machine.move_to(LATER + datetime.timedelta(minutes=1))

    assert figures()["totals"]["meetings"] == 5
    assert ("Italy", 1) in ranked(figures()["host_countries"])


# ------------------------------------------------------------------ links to the lists


def list_count(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    return response.context["paginator"].count


def test_each_bar_leads_to_a_list_with_the_same_count(client, record):
    found = figures()
    bars = [
        *found["meetings_by_domain"],
        *found["host_countries"],
        *found["organisations"],
        *found["document_types"],
        *found["document_languages"],
    ]
    for bar in bars:
        assert list_count(client, bar["url"]) == bar["count"], bar
    for year in found["meetings_by_year"]["years"]:
        assert list_count(client, year["url"]) == year["total"]
        for cell in year["cells"]:
            assert list_count(client, cell["url"]) == cell["count"], cell


def test_the_links_use_the_lists_own_filters(record):
    found = figures()

    assert found["host_countries"][0]["url"] == "/meetings/?host_country=ET"
    assert [bar["url"] for bar in found["meetings_by_domain"]] == [
        "/meetings/?domain=irregular-migration",
        "/meetings/?domain=return",
    ]
    assert found["document_languages"][1]["url"] == "/documents/?language=fr"
    # By its slug, as the organisation's page is addressed.
    assert found["organisations"][0]["url"] == f"/meetings/?organisation={record['unhcr'].slug}"
    assert found["meetings_by_year"]["years"][0]["cells"][1]["url"] == (
        "/meetings/?type=thematic-meeting&year=2016"
    )


def test_the_meeting_list_by_organisation_names_it_and_keeps_it(client, record):
    response = client.get(f"/meetings/?organisation={record['iom'].pk}&year=2016")

    page = response.content.decode()
    assert response.context["paginator"].count == 1
    assert "International Organization for Migration (IOM)" in page
    assert f'<input type="hidden" name="organisation" value="{record["iom"].pk}"' in page


# ------------------------------------------------------------------ the page


class Charts(HTMLParser):
    """The page's SVG images, tables and ids."""

    def __init__(self):
        super().__init__()
        self.images, self.tables, self.ids, self.titles = [], [], set(), []
        self.row_headers = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "svg" and attrs.get("role") == "img":
            self.images.append(attrs)
        if tag == "title" and self.images:
            self._in_title = True
        if tag == "table":
            self.tables.append(attrs)
        if tag == "th" and attrs.get("scope") == "row":
            self.row_headers += 1

    def handle_data(self, data):
        if self._in_title:
            self.titles.append(data)
            self._in_title = False


def parse(response):
    page = Charts()
    page.feed(response.content.decode())
    return page


def test_the_page_draws_each_chart_as_a_named_image_with_a_table(client, record):
    DownloadTally.objects.create(
        document_file=record["english"], month=timezone.localdate().replace(day=1), count=3
    )

    response = client.get(reverse("at-a-glance"))

    assert response.status_code == HTTPStatus.OK
    page = parse(response)
    assert len(page.images) == 7
    assert len(page.tables) == 7
    for image in page.images:
        # Named by its title and its summary, both in the page.
        assert set(image["aria-labelledby"].split()) <= page.ids
    assert "Meetings per year, by type" in page.titles
    assert "Downloads per month" in page.titles
    assert "Meetings by priority domain" in page.titles
    assert 'href="/meetings/?domain=return"' in response.content.decode()
    html = response.content.decode()
    assert 'fill="url(#chart-fill-stripes)"' in html  # the second type has a pattern
    assert "style=" not in html
    assert "HIDDEN" not in html


def test_an_empty_record_says_so_instead_of_drawing(client):
    response = client.get(reverse("at-a-glance"))

    assert response.status_code == HTTPStatus.OK
    assert parse(response).images == []
    assert "No meetings have been published yet." in response.content.decode()


def test_the_home_page_shows_two_charts_and_leads_to_the_page(client, record):
    response = client.get("/")

    page = parse(response)
    assert len(page.images) == 2
    assert f'href="{reverse("at-a-glance")}"' in response.content.decode()


def test_the_navigation_leads_to_the_page_and_marks_it(client):
    response = client.get(reverse("at-a-glance"))

    assert re.search(
        r'href="/at-a-glance/" class="is-current" aria-current="page"', str(response.content)
    )


def test_the_page_is_in_the_sitemap(client, record):
    response = client.get("/sitemap-lists.xml")

    assert b"<loc>http://testserver/at-a-glance/</loc>" in response.content


def test_the_page_costs_the_same_few_queries_whatever_the_record(
    client, django_assert_max_num_queries
):
    def grow(count):
        kind = MeetingTypeFactory()
        for index in range(count):
            meeting = MeetingFactory(
                meeting_type=kind, start_date=datetime.date(2010 + index % 10, 1, 1 + index)
            )
            ParticipantFactory(meeting=meeting)
            meeting.domains.set([PriorityDomainFactory(slug="return")])
            ConclusionFactory(meeting=meeting).domains.set(
                [PriorityDomainFactory(slug="protection")]
            )
            file = DocumentFileFactory(document=DocumentFactory(meeting=meeting))
            DownloadTally.objects.create(
                document_file=file, month=timezone.localdate().replace(day=1), count=index + 1
            )

    grow(2)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("at-a-glance"))
    grow(28)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("at-a-glance"))
    assert len(parse(response).images) == 7
    # Then read from the cache until the record changes.
    with django_assert_max_num_queries(2):
        client.get(reverse("at-a-glance"))


def test_the_charts_are_computed_from_the_figures_alone(record, django_assert_num_queries):
    found = figures()

    with django_assert_num_queries(0):
        built = charts(found, prefix="glance", top=10)

    assert built["host_countries"].rows[0]["label"] == "Ethiopia"


# ------------------------------------------------------------------ right to left


def test_bars_grow_from_the_right_in_a_right_to_left_language():
    rows = [{"label": "Ethiopia", "count": 4, "url": ""}, {"label": "Sudan", "count": 2, "url": ""}]

    (left_to_right, _), (right_to_left, _) = (
        ranked_bars(rows, False),
        ranked_bars(rows, True),
    )

    assert (left_to_right[0]["bar_x"], left_to_right[0]["bar_width"]) == ("0%", "86%")
    assert (right_to_left[0]["bar_x"], right_to_left[0]["bar_width"]) == ("14%", "86%")
    assert right_to_left[1]["bar_x"] == "57%"
    assert (right_to_left[1]["value_x"], right_to_left[1]["value_dx"]) == ("57%", -6)
    assert right_to_left[0]["label_x"] == "100%"


def test_time_runs_from_the_right_in_a_right_to_left_language():
    years = [{"label": "2016", "total": 1}, {"label": "2017", "total": 2}]

    left_to_right, _ = columns(years, [], False)
    right_to_left, _ = columns(years, [], True)

    assert [column["centre"] for column in left_to_right] == ["25%", "75%"]
    assert [column["centre"] for column in right_to_left] == ["75%", "25%"]


def test_the_arabic_page_is_mirrored(client, record, settings):
    settings.LANGUAGES = [("en", "English"), ("ar", "Arabic")]

    with translation.override("ar"):
        built = at_a_glance()

    assert built["host_countries"].shapes[0]["label_x"] == "100%"
    assert built["host_countries"].shapes[0]["bar_x"] == "14%"
    # Return has twice the meetings of smuggling: the shorter bar starts further in.
    smuggling, back = built["meetings_by_domain"].shapes
    assert (back["label_x"], back["bar_x"], smuggling["bar_x"]) == ("100%", "14%", "57%")
    assert back["short_label"] == "العودة وإعادة القبول وإعادة الإدماج"
    assert urlsplit(built["host_countries"].url).path == "/ar/meetings/"


def test_coordinates_are_written_the_way_svg_reads_them_in_every_language(client, record, settings):
    settings.LANGUAGES = [("en", "English"), ("fr", "French"), ("ar", "Arabic")]
    DownloadTally.objects.create(
        document_file=record["english"], month=timezone.localdate().replace(day=1), count=3
    )

    for language in ("fr", "ar"):
        response = client.get(reverse("at-a-glance"), HTTP_ACCEPT_LANGUAGE=language)
        html = response.content.decode()
        assert f'lang="{language}"' in html
        coordinates = re.findall(r' (?:x|y|dx|width|height|y1|y2)="([^"]*)"', html)
        assert coordinates
        assert all(re.fullmatch(r"-?[0-9.]+%?", value) for value in coordinates), language


def test_an_acronym_two_organisations_share_gives_way_to_their_names(record):
    OrganisationFactory(name="Another agency", acronym="UNHCR")
    ParticipantFactory(
        meeting=record["meetings"][0],
        organisation=OrganisationFactory(name="A third agency", acronym="UNHCR"),
    )

    labels = [label for label, _count in ranked(figures()["organisations"])]

    assert labels == ["UN Refugee Agency", "A third agency", "IOM"]


def test_staff_see_the_public_figures_too(admin_client, record):
    response = admin_client.get(reverse("at-a-glance"))

    assert response.context["charts"]["host_countries"].rows[0]["count"] == 2
    assert "HIDDEN" not in response.content.decode()


def test_a_chart_says_who_leads_or_how_many_share_the_lead(record):
    built = at_a_glance()

    assert built["host_countries"].summary == "Ethiopia has hosted the most meetings: 2."
    assert built["organisations"].summary == (
        "UN Refugee Agency took part in the most meetings: 4."
    )
    assert built["document_types"].summary == (
        "3 public documents; the most frequent type is “Analysis report”."
    )
    MeetingFactory(host_country="DE")

    assert at_a_glance()["host_countries"].summary == (
        "2 countries have hosted the most meetings: 2 each."
    )


def test_types_beyond_the_fifth_most_frequent_are_drawn_together(record):
    for index in range(5):
        kind = MeetingTypeFactory(name=f"Kind {index}")
        MeetingFactory.create_batch(3, meeting_type=kind, start_date=datetime.date(2018, 1, 1))

    found = figures()["meetings_by_year"]

    names = ["Kind 0", "Kind 1", "Kind 2", "Kind 3", "Kind 4", "Other types"]
    assert [one["name"] for one in found["series"]] == names
    assert found["series"][-1]["total"] == 4  # two thematic, two senior officials' meetings
    assert [cell["count"] for cell in found["years"][0]["cells"]] == [0, 0, 0, 0, 0, 2]
    year_2018 = found["years"][-1]
    assert [cell["count"] for cell in year_2018["cells"]] == [3, 3, 3, 3, 3, 0]
    assert found["years"][0]["cells"][-1]["url"] == ""


def test_meetings_by_domain_count_as_the_list_in_the_action_plans_order(record):
    found = figures()["meetings_by_domain"]

    assert ranked(found) == [
        ("Irregular migration, smuggling, trafficking", 1),
        ("Return, readmission, reintegration", 2),
    ]
    built = charts(figures(), prefix="glance", top=10)["meetings_by_domain"]
    assert built.summary.startswith(
        "“Return, readmission and reintegration” has the most meetings: 2."
    )
