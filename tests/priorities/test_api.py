"""The priority domains in the API: on meetings, conclusions and documents, as a list of their
own, and as the `domain` parameter, all as the schema says."""

import datetime

import pytest
import yaml
from openapi_core import OpenAPI

from tests.api.test_api import get
from tests.factories import (
    ConclusionFactory,
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
    PriorityDomainFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    """The API's own schema, as /api/schema/ serves it: every answer must be one it describes."""
    return OpenAPI.from_dict(yaml.safe_load(client.get("/api/schema/").content))


@pytest.fixture
def record():
    back, smuggling = (
        PriorityDomainFactory(slug="return"),
        PriorityDomainFactory(slug="irregular-migration"),
    )
    meeting = MeetingFactory(slug="addis-2016", start_date=datetime.date(2016, 10, 19))
    meeting.domains.set([back])
    ConclusionFactory(meeting=meeting, order=1)
    ConclusionFactory(meeting=meeting, order=2).domains.set([smuggling, back])
    document = DocumentFactory(meeting=meeting, title="Report")
    DocumentFileFactory(document=document)
    document.domains.set([smuggling])
    return meeting, document


def test_meetings_conclusions_and_documents_list_their_domains(client, schema, record):
    entry = get(client, "/api/meetings/addis-2016/", schema).json()

    assert entry["domains"] == ["return"]
    assert [conclusion["domains"] for conclusion in entry["conclusions"]] == [
        [],
        ["irregular-migration", "return"],
    ]
    assert entry["documents"][0]["domains"] == ["irregular-migration"]
    [document] = get(client, "/api/documents/", schema).json()["results"]
    assert document["domains"] == ["irregular-migration"]


def test_the_domains_are_listed_in_the_action_plans_order(client, schema, record):
    domains = get(client, "/api/priority-domains/", schema).json()

    assert [domain["slug"] for domain in domains] == [
        "development",
        "legal-migration",
        "protection",
        "irregular-migration",
        "return",
    ][-len(domains) :]
    one = get(client, "/api/priority-domains/return/", schema).json()
    assert (one["number"], one["short_name"]) == (5, "Return, readmission, reintegration")
    assert get(client, "/api/priority-domains/nope/", schema).status_code == 404


def test_the_domain_parameter_filters_by_the_lists_rule(client, schema, record):
    # The meeting is on irregular migration by a conclusion.
    found = get(client, "/api/meetings/?domain=irregular-migration", schema).json()
    assert [meeting["slug"] for meeting in found["results"]] == ["addis-2016"]
    # No public document is on return: as a type no public document has.
    assert get(client, "/api/documents/?domain=return", schema).status_code == 404
    found = get(client, "/api/documents/?domain=irregular-migration", schema).json()
    assert [document["title"] for document in found["results"]] == ["Report"]
    parameters = {
        parameter["name"]: parameter
        for parameter in client.get("/api/schema/?format=json").json()["paths"]["/api/meetings/"][
            "get"
        ]["parameters"]
    }
    assert "domain" in parameters
