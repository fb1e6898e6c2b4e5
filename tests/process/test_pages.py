"""/members/, /organisations/<slug>/, /process/ and the chair on a meeting's page."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override

from core.publishing import Status
from meetings.models import Participant
from process.models import Chairmanship, DatePrecision, Membership, SteeringCommitteeSeat
from tests.factories import (
    ChairmanshipFactory,
    DocumentFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    ParticipantFactory,
    SteeringCommitteeSeatFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def record():
    ethiopia = OrganisationFactory(name="Ethiopia", country="ET", kind="member-state")
    italy = OrganisationFactory(name="Italy", country="IT", kind="member-state")
    uk = OrganisationFactory(name="United Kingdom", country="GB", kind="member-state")
    germany = OrganisationFactory(name="Germany", country="DE", kind="member-state")
    uganda = OrganisationFactory(name="Uganda", country="UG", kind="member-state")
    som = MeetingFactory(
        title="Senior Officials Meeting", slug="som-2016", start_date=D(2016, 12, 16)
    )
    khartoum = MeetingFactory(
        title="First Thematic Meeting", slug="khartoum-2016", start_date=D(2016, 5, 24)
    )
    berlin = MeetingFactory(
        title="Berlin Thematic Meeting", slug="berlin", start_date=D(2017, 5, 18)
    )
    draft = MeetingFactory(
        title="Unannounced Steering Committee",
        slug="secret-committee",
        start_date=D(2016, 12, 15),
        status=Status.DRAFT,
    )
    ParticipantFactory(meeting=som, organisation=ethiopia, role=Participant.Role.CHAIR)
    ParticipantFactory(meeting=som, organisation=ethiopia, role=Participant.Role.HOST)
    ParticipantFactory(meeting=khartoum, organisation=uk, role=Participant.Role.CHAIR)
    ParticipantFactory(meeting=draft, organisation=italy, role=Participant.Role.CHAIR)
    ChairmanshipFactory(
        organisation=uk,
        started=D(2016, 5, 24),
        started_precision=DatePrecision.BY,
        ended=D(2016, 12, 15),
        recorded_at=khartoum,
    )
    ChairmanshipFactory(
        organisation=ethiopia,
        started=D(2016, 12, 16),
        ended=D(2017, 12, 31),
        ended_precision=DatePrecision.YEAR,
        handed_over_at=som,
        recorded_at=som,
    )
    ChairmanshipFactory(
        organisation=italy,
        started=D(2018, 1, 1),
        started_precision=DatePrecision.YEAR,
        recorded_at=draft,
        recorded_in=DocumentFactory(title="Draft decision", status=Status.DRAFT),
        note="Accepted by the Steering Committee.",
    )
    MembershipFactory(organisation=uk, started=D(2016, 5, 24), started_precision="by")
    MembershipFactory(organisation=ethiopia, started=D(2016, 12, 16))
    MembershipFactory(organisation=italy, started=D(2016, 12, 15), recorded_at=draft)
    MembershipFactory(
        organisation=uganda,
        kind=Membership.Kind.CANDIDATE,
        started=D(2017, 5, 18),
        recorded_at=berlin,
        note="Joined the Process for the first time.",
    )
    left = OrganisationFactory(name="Former observer", kind="other")
    MembershipFactory(
        organisation=left, kind=Membership.Kind.OBSERVER, started=D(2015, 1, 1), ended=D(2016, 1, 1)
    )
    SteeringCommitteeSeatFactory(
        organisation=germany, started=D(2017, 5, 18), started_precision="by", recorded_at=berlin
    )
    SteeringCommitteeSeatFactory(
        organisation=ethiopia, side=SteeringCommitteeSeat.Side.AFRICAN, started=D(2015, 1, 1)
    )
    return {
        "ethiopia": ethiopia,
        "italy": italy,
        "uk": uk,
        "uganda": uganda,
        "germany": germany,
        "som": som,
        "khartoum": khartoum,
        "draft": draft,
    }


def text(response):
    """The page's text, tags and runs of whitespace left out."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_terms_running_on_a_day(record):
    assert [c.organisation.name for c in Chairmanship.objects.on(D(2016, 12, 15))] == [
        "United Kingdom"
    ]
    assert [c.organisation.name for c in Chairmanship.objects.on(D(2016, 12, 16))] == ["Ethiopia"]
    assert [c.organisation.name for c in Chairmanship.objects.on(D(2030, 1, 1))] == ["Italy"]
    assert not Chairmanship.objects.on(D(2016, 5, 23)).exists()
    members = {m.organisation.name for m in Membership.objects.on(D(2016, 12, 15))}
    assert members == {"United Kingdom", "Italy"}
    assert "Former observer" in {m.organisation.name for m in Membership.objects.on(D(2016, 1, 1))}
    assert "Former observer" not in {
        m.organisation.name for m in Membership.objects.on(D(2016, 1, 2))
    }


def test_the_members_page_groups_today_s_members_and_shows_the_past_apart(client, record):
    response = client.get("/members/")
    assert response.status_code == HTTPStatus.OK
    page = text(response)
    assert "Member state" in page and "On the way to membership" in page
    assert "United Kingdom since 24 May 2016 at the latest" in page
    assert "Uganda since 18 May 2017" in page
    # The chair today, the Steering Committee by side.
    assert re.search(r"Chair of the Process Italy since 2018", page)
    assert "European side Germany since 18 May 2017 at the latest" in page
    assert "African side Ethiopia since 1 January 2015" in page
    past = page.split("Past memberships")[1]
    assert "Former observer Observer 1 January 2015 – 1 January 2016" in past
    assert "Former observer" not in page.split("Past memberships")[0]
    assert f'href="{record["uganda"].get_absolute_url()}"' in response.content.decode()


def test_a_draft_meeting_or_document_is_never_named_nor_linked(client, record):
    for url in ["/members/", "/process/", record["italy"].get_absolute_url()]:
        html = client.get(url).content.decode()
        assert "Unannounced" not in html and "secret-committee" not in html, url
        assert "Draft decision" not in html, url
    # The note is the record's own words, public as the term is.
    assert "Accepted by the Steering Committee." in client.get("/process/").content.decode()
    # Named once published.
    record["draft"].status = Status.PUBLISHED
    record["draft"].save()
    assert "Unannounced Steering Committee" in client.get("/process/").content.decode()


def test_an_organisation_s_page(client, record):
    response = client.get("/organisations/ethiopia/")
    assert response.status_code == HTTPStatus.OK
    page = text(response)
    assert "Ethiopia" in page and "Ethiopia" in page
    assert "Member state 16 December 2016 still" in page
    assert "Chair of the Process 16 December 2016 2017 Took over at Senior Officials Meeting" in (
        page
    )
    assert "African 1 January 2015 still" in page
    # The meetings it attended, with its roles there.
    assert "Senior Officials Meeting" in page and "As: Chair, Host" in page
    html = response.content.decode()
    assert 'href="/meetings/?organisation=ethiopia"' in html
    assert 'role="img"' in html and "Meetings Ethiopia attended, per year" in html


def test_an_organisation_without_public_appearance_has_no_page(client, record):
    hidden = OrganisationFactory(name="Only in a draft")
    ParticipantFactory(meeting=record["draft"], organisation=hidden)
    response = client.get(hidden.get_absolute_url())
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "There is no organisation of the Process at this address" in response.content.decode()
    assert client.get("/organisations/no-such-thing/").status_code == HTTPStatus.NOT_FOUND
    # A term of its own is a public appearance, with no meeting at all.
    MembershipFactory(organisation=hidden, kind=Membership.Kind.OBSERVER)
    response = client.get(hidden.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert "Unannounced" not in response.content.decode()


@pytest.mark.parametrize("language", ["", "/fr", "/ar"])
@pytest.mark.parametrize("path", ["/members/", "/organisations/ethiopia/", "/process/"])
def test_the_pages_in_every_language(client, record, language, path):
    response = client.get(language + path)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert f'lang="{language.strip("/") or "en"}"' in html
    if language == "/ar":
        assert 'dir="rtl"' in html


def test_the_timeline_runs_right_to_left_in_arabic(client, record):
    def first_chair_x(path):
        html = client.get(path).content.decode()
        return float(re.search(r'process-timeline__bar--chairs" x="([\d.]+)%"', html).group(1))

    # The first chair (the UK, 2016) is at the left in English, at the right in Arabic.
    assert first_chair_x("/process/") < 50 < first_chair_x("/ar/process/")


@pytest.mark.parametrize("language", ["", "/fr", "/ar"])
def test_the_timeline_s_numbers_are_written_as_svg_reads_them(client, record, language):
    # French and Arabic write 9.5 as “9,5”, which an SVG attribute does not read: every shape
    # would fall to the top of the picture.
    html = client.get(f"{language}/process/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    values = re.findall(r' (?:x|y|cx|cy|r|width|height|x1|x2|y1|y2)="([^"]*)"', svg)
    assert values
    assert [value for value in values if not re.fullmatch(r"-?[\d.]+%?", value)] == []


def test_the_timeline_links_each_meeting_and_says_what_it_shows(client, record):
    html = client.get("/process/").content.decode()
    assert 'role="img"' in html and "<desc" in html
    assert (
        '<a href="/meetings/som-2016/" aria-label="Senior Officials Meeting, 16 December 2016">'
        in (html)
    )
    # Its table alternative.
    assert "<caption>Chairs of the Process</caption>" in html
    assert "<caption>Public meetings</caption>" in html


def test_many_meetings_are_counted_by_month(client, record, monkeypatch):
    monkeypatch.setattr("process.figures.MEETINGS_SHOWN", 2)
    html = client.get("/process/").content.decode()
    assert 'aria-label="Senior Officials Meeting' not in html
    assert "counted by month" in html
    assert "<caption>Public meetings per year</caption>" in html
    assert 'href="/meetings/?year=2016"' in html


def test_the_meeting_page_names_the_chair_at_the_time(client, record):
    page = text(client.get("/meetings/khartoum-2016/"))
    assert "Chair of the Process United Kingdom Chair since 24 May 2016 at the latest" in page
    page = text(client.get("/meetings/som-2016/"))
    assert "Chair of the Process Ethiopia Took over as Chair at this meeting" in page
    html = client.get("/meetings/som-2016/").content.decode()
    assert 'href="/organisations/ethiopia/"' in html
    early = MeetingFactory(slug="before-any-chair", start_date=D(2015, 1, 1))
    assert "Chair of the Process" not in text(client.get(early.get_absolute_url()))


def test_the_meetings_list_takes_an_organisation_s_slug_or_its_number(client, record):
    by_slug = client.get("/meetings/?organisation=ethiopia")
    by_number = client.get(f"/meetings/?organisation={record['ethiopia'].pk}")
    for response in (by_slug, by_number):
        html = response.content.decode()
        assert "Senior Officials Meeting" in html and "First Thematic Meeting" not in html
        # The organisation's page, from the list filtered by it.
        assert 'href="/organisations/ethiopia/"' in html
    bad = client.get("/meetings/?organisation=no-such-organisation")
    assert bad.status_code == HTTPStatus.OK
    assert "Some filters in the address could not be used" in bad.content.decode()
    # An organisation only a draft names is refused alike.
    assert (
        "could not be used"
        in client.get(f"/meetings/?organisation={record['italy'].slug}").content.decode()
    )


def test_the_sitemap_lists_the_pages(client, record):
    xml = client.get("/sitemap-process.xml").content.decode()
    for path in ["/members/", "/process/", "/organisations/ethiopia/", "/fr/organisations/uganda/"]:
        assert f"http://testserver{path}</loc>" in xml
    hidden = OrganisationFactory(name="Registry only")
    assert hidden.slug not in client.get("/sitemap-process.xml").content.decode()


@override("en")
def make_terms(count):
    """`count` meetings, memberships, seats and chairs, each with its organisation (written
    in English, whatever page was asked for last)."""
    for index in range(count):
        organisation = OrganisationFactory()
        meeting = MeetingFactory(start_date=D(2010 + index % 10, 1 + index % 12, 1))
        ParticipantFactory(meeting=meeting, organisation=organisation)
        ParticipantFactory(meeting=meeting, organisation=OrganisationFactory(name="Constant"))
        MembershipFactory(
            organisation=organisation, started=D(2000 + index, 1, 1), recorded_at=meeting
        )
        SteeringCommitteeSeatFactory(
            organisation=organisation, started=D(2000 + index, 1, 1), recorded_at=meeting
        )
        ChairmanshipFactory(
            organisation=organisation,
            started=D(1900 + index, 1, 1),
            ended=D(1900 + index, 12, 31),
            recorded_at=meeting,
            handed_over_at=meeting,
        )


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return len(captured)


@pytest.mark.parametrize(
    "url", ["/members/", "/process/", "/organisations/constant/", "/ar/process/"]
)
def test_the_pages_use_a_fixed_number_of_queries(client, url):
    make_terms(2)
    few = queries(client, url)
    make_terms(7)
    assert queries(client, url) == few


def test_the_timeline_counted_by_month_uses_a_fixed_number_of_queries(client, monkeypatch):
    monkeypatch.setattr("process.figures.MEETINGS_SHOWN", 2)
    make_terms(2)
    few = queries(client, "/process/")
    make_terms(7)
    assert queries(client, "/process/") == few


def test_the_meeting_page_with_its_chair_uses_a_fixed_number_of_queries(client):
    meeting = MeetingFactory(slug="measured", start_date=D(1905, 6, 1))
    make_terms(2)
    few = queries(client, meeting.get_absolute_url())
    make_terms(7)
    for _ in range(10):
        ParticipantFactory(meeting=meeting)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(meeting.get_absolute_url())
    assert "Chair of the Process" in text(response)
    assert len(captured) == few
