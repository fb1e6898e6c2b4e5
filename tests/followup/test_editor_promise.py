"""The README's promise for follow-up updates, tried as an attacker would: whatever an editor
posts (any field of the form, shown or not, the evidence included, a list action, a new
update), no status, text, date, commitment or evidence changes in public until a publisher
publishes it; once published, the public sees it.

The machinery is tests/core/test_editor_promise.py's, with the follow-up's channels and rows
added to what is captured.
"""

import datetime
from http import HTTPStatus

import pytest
from django.apps import apps
from django.contrib import admin
from django.core import serializers
from django.db import transaction
from django.test import Client

from core.models import PendingChange
from core.publishing import Status
from followup.models import Progress, Update
from meetings.models import Conclusion
from tests.core import test_editor_promise as promise
from tests.factories import (
    ConclusionFactory,
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
    UpdateFactory,
)
from tests.html import form_data

pytestmark = pytest.mark.django_db

FOLLOW_UP_URLS = [
    "/follow-up/",
    "/follow-up/feed.atom",
    "/follow-up/export.csv",
    "/api/follow-up/?page_size=100",
    "/fr/follow-up/",
    "/ar/follow-up/",
]


@pytest.fixture(autouse=True)
def follow_up_captured(monkeypatch):
    """The promise's capture, with the follow-up's channels and its rows (evidence too)."""
    fixed = promise.fixed_urls
    monkeypatch.setattr(promise, "fixed_urls", lambda: [*fixed(), *FOLLOW_UP_URLS])

    def content_rows():
        return {
            model._meta.label: serializers.serialize("json", model._base_manager.order_by("pk"))
            for app in ["meetings", "documents", "followup"]
            for model in apps.get_app_config(app).get_models()
        }

    monkeypatch.setattr(promise, "content_rows", content_rows)


@pytest.fixture
def followed():
    """A published update with evidence; public items it could be moved to; drafts."""
    berlin = MeetingFactory(title="Berlin thematic meeting", start_date=datetime.date(2017, 5, 18))
    pathways = ConclusionFactory(
        meeting=berlin, kind=Conclusion.Kind.NEXT_STEP, text="Find legal pathways."
    )
    ConclusionFactory(meeting=berlin, kind=Conclusion.Kind.DECISION, text="Meet again.")
    later = MeetingFactory(title="Later meeting", start_date=datetime.date(2018, 3, 1))
    report = DocumentFactory(meeting=later, title="Later report")
    DocumentFileFactory(document=report)
    taken_up = ConclusionFactory(meeting=later, kind=Conclusion.Kind.DECISION, text="Taken up.")
    update = UpdateFactory(conclusion=pathways, progress=Progress.IN_PROGRESS, text="Begun.")
    update.evidence_meetings.add(later)
    # Public items the evidence may be changed to, newest last (the cases pick them).
    other = MeetingFactory(title="Another meeting", start_date=datetime.date(2019, 1, 1))
    other_report = DocumentFactory(meeting=other, title="Another report")
    other_decision = ConclusionFactory(meeting=other, kind=Conclusion.Kind.DECISION)
    return {
        "update": update,
        "evidence": {
            "evidence_meetings": [other.pk],
            "evidence_conclusions": [taken_up.pk, other_decision.pk],
            "evidence_documents": [report.pk, other_report.pk],
        },
    }


def evidence_cases(data, evidence):
    """The many-to-many fields, which the promise's cases (concrete fields) leave out."""
    return [
        promise.Case(f"followup.update.{name}", [(promise.with_value(data, name, keys), {})])
        for name, keys in evidence.items()
    ]


def test_nothing_an_editor_posts_to_a_published_update_reaches_the_public_first(
    followed, editor_user, secretariat_user
):
    update = followed["update"]
    model_admin = admin.site._registry[Update]
    url = f"/admin/followup/update/{update.pk}/change/"
    request = promise.editor_request(editor_user)
    assert model_admin.has_change_permission(request, update)
    baseline = promise.public_capture()
    assert promise.differences(baseline, promise.public_capture()) == []

    client = Client()
    client.force_login(editor_user)
    page = client.get(url)
    data = form_data(page, "update_form")
    cases = [
        *promise.cases_for(model_admin, update, request, page),
        *evidence_cases(data, followed["evidence"]),
    ]
    outcome = promise.Outcome()
    for case in cases:
        try:
            with transaction.atomic():
                promise.try_case(case, url, editor_user, secretariat_user, baseline, outcome)
                raise promise.Discard
        except promise.Discard:
            pass

    assert outcome.leaks == []
    fields = {case.field for case in cases}
    assert {
        "followup.update.progress",
        "followup.update.text",
        "followup.update.date",
        "followup.update.conclusion",
        "followup.update.evidence_meetings",
        "followup.update.evidence_conclusions",
        "followup.update.evidence_documents",
    } <= fields
    # The schedule, the status and the publisher's note are not the editor's to send.
    assert {
        "followup.update.status",
        "followup.update.publish_at",
        "followup.update.review_note",
    } <= outcome.refused
    # What the form has no input for is ignored: written by the software, or the English
    # text's own column (the form's `text` is it).
    ignored = {"created_at", "updated_at", "first_public_at", "submitted_by", "submitted_at"}
    assert outcome.ignored <= {f"followup.update.{name}" for name in [*ignored, "text_en"]}
    # Everything else waits for a publisher, and is seen once published.
    assert outcome.held == fields - outcome.refused - outcome.rejected - outcome.ignored
    assert outcome.held - outcome.seen_once_published == set()
    assert {
        "followup.update.progress",
        "followup.update.text_fr",
        "followup.update.evidence_documents",
    } <= outcome.held


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.REVIEW, Status.DRAFT])
def test_an_editor_adds_no_public_update(followed, editor_user, status):
    pathways = followed["update"].conclusion
    baseline = promise.public_capture()
    client = Client()
    client.force_login(editor_user)
    data = {
        **form_data(client.get("/admin/followup/update/add/"), "update_form"),
        "conclusion": pathways.pk,
        "date": "2019-01-01",
        "progress": Progress.ACHIEVED,
        "text": f"{promise.MARK} done.",
        "status": status,
    }
    for forged in [{}, {"publish_at_0": "2017-01-01", "publish_at_1": "10:00:00"}]:
        response = client.post("/admin/followup/update/add/", {**data, **forged})
        assert response.status_code in {HTTPStatus.OK, HTTPStatus.FOUND, HTTPStatus.FORBIDDEN}
    assert not Update.objects.filter(status=Status.PUBLISHED, text__startswith=promise.MARK)
    assert promise.differences(baseline, promise.public_capture()) == []


def test_no_list_action_of_an_editor_changes_the_follow_up(followed, editor_user):
    UpdateFactory(conclusion=followed["update"].conclusion, status=Status.REVIEW)
    baseline = promise.public_capture()
    client = Client()
    client.force_login(editor_user)
    model_admin = admin.site._registry[Update]
    items = [str(pk) for pk in Update.objects.values_list("pk", flat=True)]
    actions = list(model_admin.get_actions(promise.editor_request(editor_user)))
    assert {"submit_for_review", "delete_selected"} <= set(actions)
    for action in actions:
        response = client.post(
            "/admin/followup/update/",
            {"action": action, "_selected_action": items, "post": "yes"},
        )
        assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR
        assert promise.differences(baseline, promise.public_capture()) == [], action
    assert not PendingChange.objects.exists()
