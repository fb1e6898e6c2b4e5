"""The Process's record in the admin: its checks, and who may write it."""

import datetime
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group

from core.roles import EDITOR, PUBLISHER
from process.models import Chairmanship, Membership, SteeringCommitteeSeat
from tests.factories import (
    ChairmanshipFactory,
    MembershipFactory,
    OrganisationFactory,
    SteeringCommitteeSeatFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def term(organisation, started, ended="", **extra):
    return {
        "organisation": organisation.pk,
        "started": started,
        "started_precision": "day",
        "ended": ended,
        "ended_precision": "day",
        "recorded_at": "",
        "recorded_in": "",
        "note": "",
        "note_fr": "",
        "note_ar": "",
        **extra,
    }


def add(client, model, data):
    return client.post(f"/admin/process/{model}/add/", data)


def errors(response):
    assert response.status_code == HTTPStatus.OK, "the form came back"
    form = response.context["adminform"].form
    return " ".join(message for messages in form.errors.values() for message in messages)


def test_a_publisher_records_a_membership(publisher_client):
    germany = OrganisationFactory(name="Germany")
    response = add(publisher_client, "membership", term(germany, "2017-05-18", kind="member-state"))
    assert response.status_code == HTTPStatus.FOUND
    assert Membership.objects.get().organisation == germany


def test_a_term_cannot_end_before_it_starts(publisher_client):
    response = add(
        publisher_client,
        "membership",
        term(OrganisationFactory(), "2017-05-18", "2017-05-01", kind="observer"),
    )
    assert "A term cannot end before it starts." in errors(response)
    assert not Membership.objects.exists()


def test_a_second_membership_overlapping_the_first_is_refused(publisher_client):
    uganda = OrganisationFactory(name="Uganda")
    MembershipFactory(organisation=uganda, kind="candidate", started=D(2017, 5, 18))
    response = add(publisher_client, "membership", term(uganda, "2019-01-01", kind="member-state"))
    assert "Uganda already has a membership in this period: Uganda, 18 May 2017 – still." in (
        errors(response)
    )
    # Once the first has ended, the second follows it.
    Membership.objects.update(ended=D(2018, 12, 31))
    response = add(publisher_client, "membership", term(uganda, "2019-01-01", kind="member-state"))
    assert response.status_code == HTTPStatus.FOUND
    assert Membership.objects.count() == 2


def test_a_chairmanship_overlapping_another_is_refused_naming_it(publisher_client):
    ChairmanshipFactory(
        organisation=OrganisationFactory(name="Ethiopia"),
        started=D(2016, 12, 16),
        ended=D(2017, 12, 31),
    )
    italy = OrganisationFactory(name="Italy")
    response = add(publisher_client, "chairmanship", term(italy, "2017-06-01", handed_over_at=""))
    assert (
        "The Process has one chair at a time: this term overlaps the chairmanship of "
        "Ethiopia, 16 December 2016 – 31 December 2017." in errors(response)
    )
    response = add(publisher_client, "chairmanship", term(italy, "2018-01-01", handed_over_at=""))
    assert response.status_code == HTTPStatus.FOUND


def test_a_replacement_seat_stands_in_on_the_same_side_during_the_seat(publisher_client):
    germany = SteeringCommitteeSeatFactory(
        organisation=OrganisationFactory(name="Germany"),
        side="european",
        started=D(2017, 5, 18),
        ended=D(2019, 5, 17),
    )
    france = OrganisationFactory(name="France")
    other_side = term(france, "2018-01-01", "2018-06-30", side="african", replaces=germany.pk)
    assert "same side as the seat it replaces: Germany is on the european side" in errors(
        add(publisher_client, "steeringcommitteeseat", other_side)
    )
    after = term(france, "2020-01-01", "2020-06-30", side="european", replaces=germany.pk)
    assert (
        "A replacement stands in during the seat it replaces: Germany, 18 May 2017 – 17 May 2019."
        in errors(add(publisher_client, "steeringcommitteeseat", after))
    )
    during = term(france, "2018-01-01", "2018-06-30", side="european", replaces=germany.pk)
    assert add(publisher_client, "steeringcommitteeseat", during).status_code == HTTPStatus.FOUND
    assert SteeringCommitteeSeat.objects.get(organisation=france).replaces == germany


def test_the_lists_filter_current_and_past_terms(publisher_client):
    MembershipFactory(organisation=OrganisationFactory(name="Still here"))
    MembershipFactory(
        organisation=OrganisationFactory(name="Gone"), started=D(2015, 1, 1), ended=D(2016, 1, 1)
    )
    current = publisher_client.get("/admin/process/membership/?running=current").content.decode()
    past = publisher_client.get("/admin/process/membership/?running=past").content.decode()
    assert "Still here" in current and "Gone" not in current
    assert "Gone" in past and "Still here" not in past
    found = publisher_client.get("/admin/process/membership/?q=gone").content.decode()
    assert "Gone" in found and "Still here" not in found


def test_the_organisation_form_has_its_slug(publisher_client):
    organisation = OrganisationFactory(name="Ethiopia")
    html = publisher_client.get(
        f"/admin/meetings/organisation/{organisation.pk}/change/"
    ).content.decode()
    assert 'name="slug"' in html and 'value="ethiopia"' in html


# The roles' promise, as an attacker would test it: an editor reads the Process's record but
# can neither add, change nor delete any of it, whatever it posts to the admin.

TERMS = {
    "membership": (Membership, MembershipFactory, {"kind": "observer"}),
    "steeringcommitteeseat": (
        SteeringCommitteeSeat,
        SteeringCommitteeSeatFactory,
        {"side": "african"},
    ),
    "chairmanship": (Chairmanship, ChairmanshipFactory, {"handed_over_at": ""}),
}


@pytest.mark.parametrize("model_name", TERMS)
def test_an_editor_reads_the_process_record_but_cannot_write_it(editor_client, model_name):
    model, factory, own = TERMS[model_name]
    existing = factory(organisation=OrganisationFactory(name="Ethiopia"), started=D(2016, 12, 16))
    other = OrganisationFactory(name="Forged")
    base = f"/admin/process/{model_name}/"
    assert editor_client.get(base).status_code == HTTPStatus.OK
    assert f'href="{base}add/"' not in editor_client.get(base).content.decode()
    change = f"{base}{existing.pk}/change/"
    assert editor_client.get(change).status_code == HTTPStatus.OK

    forged = term(other, "2030-01-01", **own)
    assert editor_client.get(f"{base}add/").status_code == HTTPStatus.FORBIDDEN
    assert editor_client.post(f"{base}add/", forged).status_code == HTTPStatus.FORBIDDEN
    response = editor_client.post(change, forged)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert editor_client.post(f"{base}{existing.pk}/delete/", {"post": "yes"}).status_code == (
        HTTPStatus.FORBIDDEN
    )
    editor_client.post(
        base, {"action": "delete_selected", "_selected_action": [existing.pk], "post": "yes"}
    )
    # Nor through an earlier version or a deleted one.
    for path in ["history/", "recover/"]:
        editor_client.post(f"{base}{existing.pk}/{path}", forged)
    existing.refresh_from_db()
    assert model.objects.count() == 1
    assert existing.organisation.name == "Ethiopia" and existing.started == D(2016, 12, 16)


def test_publishers_write_the_process_record_editors_read_it():
    def perms(name):
        return {p.codename for p in Group.objects.get(name=name).permissions.all()}

    for model in ["membership", "steeringcommitteeseat", "chairmanship"]:
        assert f"view_{model}" in perms(EDITOR)
        assert not {f"add_{model}", f"change_{model}", f"delete_{model}"} & perms(EDITOR)
        assert {f"add_{model}", f"change_{model}", f"delete_{model}"} <= perms(PUBLISHER)
