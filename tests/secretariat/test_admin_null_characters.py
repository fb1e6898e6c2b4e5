"""A NUL character in an admin search, filter or autocomplete gets an answer, not an error.

PostgreSQL refuses NUL in a text value; these tests matter most there (CI runs them on it).
"""

from http import HTTPStatus

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.factories import MeetingFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

SEARCHABLE = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model, model_admin in admin.site._registry.items()
    if model_admin.search_fields
)
REMOVED = "Null characters are not allowed in a search or a filter; they have been removed."


def test_every_admin_with_a_search_box_is_covered():
    assert ("meetings", "meeting") in SEARCHABLE
    assert ("auth", "user") in SEARCHABLE
    assert len(SEARCHABLE) >= 8


@pytest.mark.parametrize(("app_label", "model_name"), SEARCHABLE)
def test_a_search_with_a_nul_character_answers_normally(admin_client, app_label, model_name):
    MeetingFactory(title="Thematic meeting")
    url = reverse(f"admin:{app_label}_{model_name}_changelist")

    response = admin_client.get(url, {"q": "Them\x00atic"}, follow=True)

    assert response.status_code == HTTPStatus.OK
    assert response.redirect_chain == [(f"{url}?q=Thematic", HTTPStatus.FOUND)]
    assert REMOVED in [str(message) for message in get_messages(response.wsgi_request)]
    assert b"\x00" not in response.content


def test_a_list_filter_with_a_nul_character_answers_normally(admin_client):
    MeetingFactory()
    url = reverse("admin:meetings_meeting_changelist")

    response = admin_client.get(url, {"status__exact": "\x00"}, follow=True)

    assert response.status_code == HTTPStatus.OK


def test_an_autocomplete_with_a_nul_character_answers_normally(admin_client):
    OrganisationFactory(name="UNHCR")

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "meetings",
            "model_name": "participant",
            "field_name": "organisation",
            "term": "UN\x00HCR",
        },
        follow=True,
    )

    assert response.status_code == HTTPStatus.OK
    assert [result["text"] for result in response.json()["results"]] == ["UNHCR"]


def test_the_public_search_refuses_a_nul_character_itself(client):
    response = client.get("/meetings/", {"q": "a\x00b"})

    assert response.status_code == HTTPStatus.OK
    assert b"Null characters are not allowed." in response.content
