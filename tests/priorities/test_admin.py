"""The priority domains in the admin: the list administrators edit, the checkboxes on the
meeting, conclusion and document forms, and an editor's change waiting for a publisher."""

from http import HTTPStatus

import pytest
from reversion.models import Version

from core.models import PendingChange
from meetings.models import Meeting
from priorities.models import PriorityDomain
from tests.factories import (
    ConclusionFactory,
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
    PriorityDomainFactory,
)
from tests.html import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def domains():
    return {
        slug: PriorityDomainFactory(slug=slug)
        for slug in ["protection", "irregular-migration", "return"]
    }


def meeting_url(meeting, view="change"):
    return f"/admin/meetings/meeting/{meeting.pk}/{view}/"


def checked(data, name):
    value = data.get(name, [])
    return sorted(int(key) for key in ([value] if isinstance(value, str) else value))


def domain_url(domain, view="change"):
    return f"/admin/priorities/prioritydomain/{domain.pk}/{view}/"


@pytest.mark.parametrize("role", ["editor_client", "publisher_client"])
def test_editors_and_publishers_see_the_domains_but_do_not_change_them(request, role, domains):
    client = request.getfixturevalue(role)
    domain = domains["return"]
    assert client.get("/admin/priorities/prioritydomain/").status_code == HTTPStatus.OK
    page = client.get(domain_url(domain))
    assert page.status_code == HTTPStatus.OK
    assert 'name="name"' not in page.text  # read only
    response = client.post(domain_url(domain), {"name": "Renamed", "short_name": "Renamed"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert PriorityDomain.objects.get(pk=domain.pk).name == domain.name


def test_an_administrator_edits_a_domains_names_not_its_slug(administrator_client, domains):
    domain = domains["return"]
    page = administrator_client.get(domain_url(domain))
    data = form_data(page, "prioritydomain_form")
    data.update(short_name="Return", short_name_fr="Retour", slug="elsewhere", number="9")
    response = administrator_client.post(domain_url(domain), data)
    assert response.status_code == HTTPStatus.FOUND
    domain.refresh_from_db()
    assert (domain.short_name, domain.short_name_fr) == ("Return", "Retour")
    assert (domain.slug, domain.number) == ("return", 5)
    # The five come with the site: none is added or deleted.
    assert administrator_client.get("/admin/priorities/prioritydomain/add/").status_code == (
        HTTPStatus.FORBIDDEN
    )
    assert administrator_client.post(domain_url(domain, "delete"), {"post": "yes"}).status_code == (
        HTTPStatus.FORBIDDEN
    )


def test_a_meeting_and_its_conclusions_get_their_domains_with_checkboxes(publisher_client, domains):
    meeting = MeetingFactory()
    conclusion = ConclusionFactory(meeting=meeting)
    page = publisher_client.get(meeting_url(meeting))
    assert page.status_code == HTTPStatus.OK
    assert f'type="checkbox" name="domains" value="{domains["return"].pk}"' in page.text
    assert (
        f'type="checkbox" name="conclusions-0-domains" value="{domains["protection"].pk}"'
        in page.text
    )
    data = form_data(page, "meeting_form")
    data["domains"] = [str(domains["return"].pk), str(domains["irregular-migration"].pk)]
    data["conclusions-0-domains"] = str(domains["protection"].pk)
    response = publisher_client.post(meeting_url(meeting), data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]

    assert set(meeting.domains.values_list("slug", flat=True)) == {"return", "irregular-migration"}
    assert list(conclusion.domains.values_list("slug", flat=True)) == ["protection"]
    page = publisher_client.get(meeting_url(meeting))
    assert checked(form_data(page, "meeting_form"), "domains") == sorted(
        [domains["return"].pk, domains["irregular-migration"].pk]
    )
    # The history tells of it, and compares it.
    meeting_history = publisher_client.get(meeting_url(meeting, "history")).text
    assert "priority domains" in meeting_history.lower()


def test_a_meetings_documents_get_their_domains_on_its_page_and_their_own(
    publisher_client, domains
):
    meeting = MeetingFactory()
    document = DocumentFactory(meeting=meeting)
    DocumentFileFactory(document=document)
    data = form_data(publisher_client.get(meeting_url(meeting)), "meeting_form")
    data["documents-0-domains"] = str(domains["return"].pk)
    response = publisher_client.post(meeting_url(meeting), data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    assert list(document.domains.values_list("slug", flat=True)) == ["return"]

    url = f"/admin/documents/document/{document.pk}/change/"
    page = publisher_client.get(url)
    assert f'type="checkbox" name="domains" value="{domains["protection"].pk}"' in page.text
    data = form_data(page, "document_form")
    data["domains"] = [str(domains["return"].pk), str(domains["protection"].pk)]
    response = publisher_client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    assert set(document.domains.values_list("slug", flat=True)) == {"return", "protection"}
    public = publisher_client.get(document.get_absolute_url()).text
    assert f'href="/documents/?domain=return">{domains["return"].name}</a>' in public


def test_an_editors_change_of_domains_waits_for_a_publisher(
    client, editor_user, secretariat_user, domains
):
    meeting = MeetingFactory(title="Addis thematic meeting")
    meeting.domains.set([domains["irregular-migration"]])
    client.force_login(editor_user)
    data = form_data(client.get(meeting_url(meeting)), "meeting_form")
    data["domains"] = str(domains["return"].pk)
    response = client.post(meeting_url(meeting), data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]

    # The public still sees the live domains, on the page and in the lists.
    client.logout()
    assert list(meeting.domains.values_list("slug", flat=True)) == ["irregular-migration"]
    page = client.get(meeting.get_absolute_url()).text
    assert domains["irregular-migration"].name in page
    assert domains["return"].name not in page
    assert client.get("/meetings/?domain=return").context["meeting_ids"] == []
    pending = PendingChange.objects.get()
    assert domains["return"].name in pending.description

    # The editor comes back to the pending version.
    client.force_login(editor_user)
    data = form_data(client.get(meeting_url(meeting)), "meeting_form")
    assert checked(data, "domains") == [domains["return"].pk]

    # The publisher compares the two and publishes.
    client.force_login(secretariat_user)
    review = client.get(meeting_url(meeting, "pending")).text
    assert domains["irregular-migration"].name in review and domains["return"].name in review
    client.post(meeting_url(meeting, "pending"), {"action": "publish"})
    assert list(meeting.domains.values_list("slug", flat=True)) == ["return"]
    assert not PendingChange.objects.exists()
    client.logout()
    assert client.get("/meetings/?domain=return").context["meeting_ids"] == [meeting.pk]

    # The history compares the versions' domains.
    client.force_login(secretariat_user)
    newest, *_older = Version.objects.get_for_object(Meeting.objects.get(pk=meeting.pk))
    data = form_data(client.get(meeting_url(meeting)), "meeting_form")
    data["domains"] = str(domains["protection"].pk)
    client.post(meeting_url(meeting), data)
    latest = Version.objects.get_for_object(meeting).first()
    compare = client.get(
        meeting_url(meeting, "history/compare"),
        {"version_id1": newest.pk, "version_id2": latest.pk},
    )
    assert compare.status_code == HTTPStatus.OK
    assert domains["return"].name in compare.text and domains["protection"].name in compare.text
