"""The secretariat's workflow for follow-up updates, as for documents: an editor proposes,
a publisher publishes; an editor's change to a published update waits; every change is a
version that can be compared and restored."""

import datetime
import json
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from reversion.models import Version

from core import roles
from core.models import PendingChange
from core.publishing import Status
from followup.models import Progress, Update
from meetings.models import Conclusion
from tests.core.test_history import change_form_data
from tests.factories import ConclusionFactory, DocumentFactory, MeetingFactory, UpdateFactory
from tests.html import form_data

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/followup/update/add/"


def url(update, view="change"):
    return f"/admin/followup/update/{update.pk}/{view}/"


def public_status(client, conclusion):
    client.logout()
    found = client.get("/api/follow-up/?page_size=100").json()["results"]
    return next(item["status"] for item in found if item["id"] == conclusion.pk)


@pytest.fixture
def commitment():
    meeting = MeetingFactory(title="Berlin thematic meeting")
    return ConclusionFactory(meeting=meeting, kind=Conclusion.Kind.NEXT_STEP, text="Pathways.")


def new_update(conclusion, **changes):
    return {
        "conclusion": conclusion.pk,
        "date": "2017-09-01",
        "progress": Progress.ACHIEVED,
        "text": "Pathways were mapped.",
        "status": Status.DRAFT,
        **changes,
    }


def test_the_roles_write_and_publish_updates():
    editor = Group.objects.get(name=roles.EDITOR).permissions.values_list("codename", flat=True)
    assert {"add_update", "change_update", "delete_update"} <= set(editor)
    assert "publish_update" not in editor
    publisher = Group.objects.get(name=roles.PUBLISHER).permissions
    assert publisher.filter(codename="publish_update").exists()
    administrator = Group.objects.get(name=roles.ADMINISTRATOR).permissions
    assert administrator.filter(content_type__app_label="followup").count() == 5


def test_an_editor_proposes_and_a_publisher_publishes(
    client, editor_user, secretariat_user, commitment
):
    client.force_login(editor_user)
    page = client.get(ADD_URL).content.decode()
    assert '<option value="published"' not in page  # an editor's statuses: draft, review
    response = client.post(ADD_URL, new_update(commitment, status=Status.REVIEW))
    assert response.status_code == HTTPStatus.FOUND
    update = Update.objects.get()
    assert (update.status, update.submitted_by) == (Status.REVIEW, editor_user)
    assert public_status(client, commitment) == "open"

    # Publishing is not the editor's, by the form or by a list action.
    client.force_login(editor_user)
    data = form_data(client.get(url(update)), "update_form")
    client.post(url(update), {**data, "status": Status.PUBLISHED})
    client.post(
        "/admin/followup/update/",
        {"action": "publish", "_selected_action": [update.pk], "post": "yes"},
    )
    update.refresh_from_db()
    assert update.status == Status.REVIEW
    assert public_status(client, commitment) == "open"

    client.force_login(secretariat_user)
    response = client.post(
        "/admin/followup/update/", {"action": "publish", "_selected_action": [update.pk]}
    )
    assert response.status_code == HTTPStatus.FOUND
    update.refresh_from_db()
    assert update.status == Status.PUBLISHED and update.first_public_at is not None
    assert public_status(client, commitment) == "achieved"


def test_an_editors_change_to_a_published_update_waits(
    client, editor_user, secretariat_user, commitment
):
    update = UpdateFactory(conclusion=commitment, progress=Progress.IN_PROGRESS)
    later = MeetingFactory(title="Later meeting")
    client.force_login(editor_user)
    data = form_data(client.get(url(update)), "update_form")
    response = client.post(
        url(update),
        {**data, "progress": Progress.ACHIEVED, "evidence_meetings": [later.pk]},
    )
    assert response.status_code == HTTPStatus.FOUND
    update.refresh_from_db()
    assert update.progress == Progress.IN_PROGRESS
    assert not update.evidence_meetings.exists()
    assert public_status(client, commitment) == "in-progress"
    pending = PendingChange.objects.get()
    assert "Achieved" in pending.description and "Later meeting" in pending.description

    client.force_login(secretariat_user)
    page = client.get(url(update, "pending")).content.decode()
    assert "In progress" in page and "Achieved" in page
    client.post(url(update, "pending"), {"action": "publish"})
    update.refresh_from_db()
    assert update.progress == Progress.ACHIEVED
    assert list(update.evidence_meetings.all()) == [later]
    assert public_status(client, commitment) == "achieved"
    client.logout()
    page = client.get(commitment.meeting.get_absolute_url()).content.decode()
    assert 'href="/meetings/' + later.slug + '/"' in page


def test_an_update_is_compared_and_restored(admin_client, commitment):
    update = UpdateFactory(conclusion=commitment, progress=Progress.IN_PROGRESS, text="Begun.")
    admin_client.post(
        url(update), change_form_data(admin_client.get(url(update)), progress=Progress.DROPPED)
    )
    admin_client.post(
        url(update), change_form_data(admin_client.get(url(update)), text="A wrong text.")
    )
    newest, middle = Version.objects.get_for_object(update)[:2]
    compare = admin_client.get(
        url(update, "history/compare"), {"version_id1": middle.pk, "version_id2": newest.pk}
    )
    assert compare.status_code == HTTPStatus.OK
    assert "A wrong text." in compare.content.decode() and "Begun." in compare.content.decode()
    revert_url = f"/admin/followup/update/{update.pk}/history/{middle.pk}/"
    preview = admin_client.get(revert_url)
    admin_client.post(revert_url, change_form_data(preview))
    update.refresh_from_db()
    assert (update.text, update.progress) == ("Begun.", Progress.DROPPED)
    assert public_status(admin_client, commitment) == "dropped"


def test_the_commitment_autocomplete_offers_committing_conclusions_only(editor_client):
    meeting = MeetingFactory(title="Valletta senior officials")
    ConclusionFactory(meeting=meeting, kind=Conclusion.Kind.DECISION, text="A plan was agreed.")
    ConclusionFactory(meeting=meeting, kind=Conclusion.Kind.KEY_OBSERVATION, text="A plan is key.")

    def found(field, term):
        response = editor_client.get(
            "/admin/autocomplete/",
            {
                "term": term,
                "app_label": "followup",
                "model_name": "update",
                "field_name": field,
            },
        )
        assert response.status_code == HTTPStatus.OK
        return [result["text"] for result in json.loads(response.content)["results"]]

    assert found("conclusion", "plan") == ["Decision: A plan was agreed."]
    assert found("conclusion", "Valletta") == ["Decision: A plan was agreed."]  # by meeting
    assert len(found("evidence_conclusions", "plan")) == 2
    DocumentFactory(title="Work plan 2017")
    assert found("evidence_documents", "Work plan") == ["Work plan 2017"]
    assert found("evidence_meetings", "Valletta") == ["Valletta senior officials"]


def test_a_conclusion_of_another_kind_cannot_be_followed_up(editor_client, commitment):
    observation = ConclusionFactory(kind=Conclusion.Kind.KEY_OBSERVATION)
    response = editor_client.post(ADD_URL, new_update(observation))
    assert response.status_code == HTTPStatus.OK  # the form again, with its error
    assert not Update.objects.exists()


def test_the_conclusions_finder_leads_to_the_meetings_form(editor_client, commitment):
    deleting = editor_client.get(f"/admin/meetings/conclusion/{commitment.pk}/delete/")
    assert deleting.status_code in {HTTPStatus.NOT_FOUND, HTTPStatus.FOUND}
    listed = editor_client.get("/admin/meetings/conclusion/?q=Pathways").content.decode()
    assert "Pathways." in listed and 'name="action"' not in listed  # a list, no actions
    response = editor_client.get(f"/admin/meetings/conclusion/{commitment.pk}/change/")
    assert response["Location"] == f"/admin/meetings/meeting/{commitment.meeting_id}/change/"
    assert editor_client.get("/admin/meetings/conclusion/x/change/").status_code == 404
    assert "/admin/meetings/conclusion/" not in editor_client.get("/admin/").content.decode()
    assert Conclusion.objects.filter(pk=commitment.pk).exists()


def test_the_list_shows_commitment_meeting_status_and_state(secretariat_client, commitment):
    UpdateFactory(conclusion=commitment, date=datetime.date(2017, 9, 1), status=Status.REVIEW)
    page = secretariat_client.get("/admin/followup/update/").content.decode()
    assert "Pathways." in page and "Berlin thematic meeting" in page and "In review" in page
